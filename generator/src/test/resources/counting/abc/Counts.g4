parser grammar Counts;
options { tokenVocab = Alphabet; }

// Two counting rules and a regular one over a free alphabet: the product needs two counters
// (#a - #b and #a - #c) beside a small automaton, so its states grow with the square of the length.

// #a = #b, c free (first-return excursions: unambiguous).
equalAB : ( 'c' | 'a' moreB | 'b' moreA )* ;
moreB   : 'c'* ( 'b' | 'a' moreB moreB ) ;
moreA   : 'c'* ( 'a' | 'b' moreA moreA ) ;

// #a = #c, b free.
equalAC : ( 'b' | 'a' moreC | 'c' moreAc )* ;
moreC   : 'b'* ( 'c' | 'a' moreC moreC ) ;
moreAc  : 'b'* ( 'a' | 'c' moreAc moreAc ) ;

// No two c's in a row.
noCC : ( 'a' | 'b' | 'c' ( 'a' | 'b' ) )* 'c'? ;
