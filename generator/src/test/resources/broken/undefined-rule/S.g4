parser grammar S;
options { tokenVocab = Alphabet; }

// t is never defined.
s : 'a' t ;
