parser grammar S;
options { tokenVocab = Alphabet; }

// C is not a token of the lexer grammar.
s : A C ;
