parser grammar AnBnCn;
options { tokenVocab = Alphabet; }

// L5 of the reference benchmark (context-sensitive): a^n b^n c^n, n >= 1. #a = #b = #c is not
// context-free, so R1 is the conjunction of two context-free grammars: #a = #b and #b = #c.

// #a = #b, c free. Unambiguous: the word splits into first-return excursions; c's before an
// excursion's closing letter belong to the innermost open excursion.
equalAB : ( 'c' | 'a' moreB | 'b' moreA )* ;
moreB   : 'c'* ( 'b' | 'a' moreB moreB ) ;
moreA   : 'c'* ( 'a' | 'b' moreA moreA ) ;

// #b = #c, a free.
equalBC : ( 'a' | 'b' moreC | 'c' moreBc )* ;
moreC   : 'a'* ( 'c' | 'b' moreC moreC ) ;
moreBc  : 'a'* ( 'b' | 'c' moreBc moreBc ) ;

// R2: a's, then b's, then c's.
ordered : 'a'* 'b'* 'c'* ;

// The language adds n >= 1 to R1 and R2.
someOfEach : 'a'+ 'b'+ 'c'+ ;
