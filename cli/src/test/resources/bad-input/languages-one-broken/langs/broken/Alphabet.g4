// A second token for the literal 'a'.
lexer grammar Alphabet;

A : 'a' ;
B : 'b' ;
C : 'a' ;
