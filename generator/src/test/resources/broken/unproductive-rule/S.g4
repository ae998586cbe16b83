parser grammar S;
options { tokenVocab = Alphabet; }

// Every alternative of s recurses: no finite word.
s : 'a' s ;
