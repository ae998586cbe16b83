parser grammar S;
options { tokenVocab = Alphabet; }

// The loop body can match the empty word.
s : ( 'a'? )* 'b' ;
