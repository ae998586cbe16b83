parser grammar Counts;
options { tokenVocab = Alphabet; }

// Two counting rules and a regular rule over four letters: the product needs two counters
// (2#b - #a and #c - #d) beside a small automaton.

// #a = 2#b, c and d free. Read a as a step down and b as two steps up; the word splits into
// returns to level 0: above it, b then twice down a level; below it, a then up to level 0
// exactly, or a then up past it to level 1 and down again.
twiceAB : ( 'c' | 'd' | 'b' down down | 'a' up | 'a' over down )* ;
down    : ( 'c' | 'd' )* ( 'a' | 'b' down down down ) ;
up      : ( 'c' | 'd' )* ( 'a' up up | 'a' over ) ;
over    : ( 'c' | 'd' )* ( 'b' | 'a' up over ) ;

// #c = #d, a and b free: first-return excursions.
equalCD : ( 'a' | 'b' | 'c' moreD | 'd' moreC )* ;
moreD   : ( 'a' | 'b' )* ( 'd' | 'c' moreD moreD ) ;
moreC   : ( 'a' | 'b' )* ( 'c' | 'd' moreC moreC ) ;

// No b right after a b.
noBB : ( 'a' | 'c' | 'd' | 'b' ( 'a' | 'c' | 'd' ) )* 'b'? ;
