parser grammar CsDyck;
options { tokenVocab = Alphabet; }

// L6 of the reference benchmark (context-sensitive): each kind of bracket balanced on its own;
// crossings such as ( [ ) ] are members.

// R1: [ ] balanced; ( and ) are free symbols.
squareBalanced : ( '(' | ')' | '[' squareBalanced ']' )* ;

// R2: ( ) balanced; [ and ] are free symbols.
roundBalanced : ( '[' | ']' | '(' roundBalanced ')' )* ;

// The language adds "non-empty" to R1 and R2.
nonEmpty : ( '(' | ')' | '[' | ']' )+ ;
