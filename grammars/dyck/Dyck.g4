parser grammar Dyck;
options { tokenVocab = Alphabet; }

// L4 of the reference benchmark (context-free): properly nested Dyck-2. Its rules are weaker
// than the language: R1 and R2 each balance one kind of bracket and ignore the other, so
// "( [ ) ]" satisfies both and is still not a member.

// R1: [ ] balanced; ( and ) are free symbols.
squareBalanced : ( '(' | ')' | '[' squareBalanced ']' )* ;

// R2: ( ) balanced; [ and ] are free symbols.
roundBalanced : ( '[' | ']' | '(' roundBalanced ')' )* ;

// The language: non-empty, properly nested.
dyck  : pair+ ;
pair  : '(' pair* ')' | '[' pair* ']' ;
