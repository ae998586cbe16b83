parser grammar S;
options { tokenVocab = Alphabet; }

// A semantic predicate: read as always true by the interpreter.
s : {false}? 'a' | 'b' ;
