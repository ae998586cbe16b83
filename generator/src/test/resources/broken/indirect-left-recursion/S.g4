parser grammar S;
options { tokenVocab = Alphabet; }

// s calls t calls s, before reading anything.
s : t 'a' | 'b' ;
t : s 'b' ;
