parser grammar S;
options { tokenVocab = Alphabet; }

// 'c' is not in the lexer grammar.
s : 'a' 'c' ;
