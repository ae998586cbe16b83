parser grammar BaN;
options { tokenVocab = Alphabet; }

// L1 of the reference benchmark (regular): R1 an even number of a's, R2 the word begins with b.

// R1: the a's pair up; b's in between belong to the pair, b's outside stand alone (unambiguous).
evenA : ( 'b' | 'a' 'b'* 'a' )* ;

// R2: starts with b.
startsB : 'b' ( 'a' | 'b' )* ;
