// The alphabet: one literal per token.
lexer grammar Alphabet;

A : 'a' ;
B : 'b' ;
C : 'c' ;
