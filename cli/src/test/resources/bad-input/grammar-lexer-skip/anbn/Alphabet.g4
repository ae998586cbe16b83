// A token skipped by a lexer command.
lexer grammar Alphabet;

A : 'a' ;
B : 'b' ;
WS : ' ' -> skip ;
