parser grammar S;
options { tokenVocab = Alphabet; }

// "aa" splits three ways between the two halves.
s : half half ;
half : 'a'* 'b'? ;
