parser grammar S;
options { tokenVocab = Alphabet; }

// R1 never uses b.
s : 'a'+ ;
