parser grammar S;
options { tokenVocab = Alphabet; }

s : 'a' ;
