// The alphabet of a^n b^n: one literal per token, in the order that fixes the token ids.
lexer grammar Alphabet;

A : 'a' ;
B : 'b' ;
