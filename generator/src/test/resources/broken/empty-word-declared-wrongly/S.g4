parser grammar S;
options { tokenVocab = Alphabet; }

// The empty word is not a member, yet language.json says it is.
s : 'a'+ ;
