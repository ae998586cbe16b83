// A token whose text other tokens spell.
lexer grammar Alphabet;

A : 'a' ;
B : 'b' ;
AB : 'ab' ;
