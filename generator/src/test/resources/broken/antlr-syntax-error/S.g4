parser grammar S;
options { tokenVocab = Alphabet; }

// The parenthesis is never closed.
s : 'a' ( 'b' ;
