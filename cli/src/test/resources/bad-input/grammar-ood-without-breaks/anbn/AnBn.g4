// L3 of the reference benchmark: a^n b^n = R1 (#a = #b) and R2 (every a before every b).
parser grammar AnBn;
options { tokenVocab = Alphabet; }

// R1: as many a's as b's. Unambiguous: a word splits uniquely into first-return excursions,
// each 'a' followed by a word with one extra b (moreB), or 'b' followed by one with an extra a.
equalAB : ( 'a' moreB | 'b' moreA )* ;
moreA   : 'a' | 'b' moreA moreA ;
moreB   : 'b' | 'a' moreB moreB ;

// R2: no b is ever followed by an a.
aThenB : 'a'* 'b'* ;

// The language itself, n >= 1: R1 and R2 without the empty word.
anbn : 'a' anbn? 'b' ;
