parser grammar S;
options { tokenVocab = Alphabet; }

// R1 wants a's before b's; the language lets any order through.
ordered : 'a'* 'b'* ;
anyWord : ( 'a' | 'b' )+ ;
