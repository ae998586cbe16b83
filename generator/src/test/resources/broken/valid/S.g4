parser grammar S;
options { tokenVocab = Alphabet; }

// A control: nothing wrong here. Words a^n b^m, n + m >= 1.
s : 'a'* 'b'* ;
t : ( 'a' | 'b' )+ ;
