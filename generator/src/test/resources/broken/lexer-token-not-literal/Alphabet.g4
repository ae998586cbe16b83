lexer grammar Alphabet;

A : 'a' ;
B : [b-z] ;
