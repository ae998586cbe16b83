// The alphabet: one literal per token.
lexer grammar Alphabet;

L : '(' ;
R : ')' ;
