parser grammar PalParity;
options { tokenVocab = Alphabet; }

// A palindrome rule conjoined with a regular parity rule: the members are w # reverse(w)
// with an even number of a's in w.

// R1: reads the same backwards (the marker is a letter like the others). Unambiguous.
palindrome : 'a' palindrome 'a' | 'b' palindrome 'b' | '#' palindrome '#' | 'a' | 'b' | '#' | ;

// R2: exactly one marker, with an even number of a's before it. No recursion: an automaton.
evenBeforeMarker : 'b'* ( 'a' 'b'* 'a' 'b'* )* '#' ( 'a' | 'b' )* ;
