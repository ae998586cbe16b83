// The alphabet: one literal per token; the order fixes the token ids (PAD 0, SOS 1, EOS 2, then these).
lexer grammar Alphabet;

A : 'a' ;
B : 'b' ;
M : '#' ;
