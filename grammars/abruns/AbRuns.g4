parser grammar AbRuns;
options { tokenVocab = Alphabet; }

// #a = #b conjoined with a regular rule that leaves the order of the letters free: a
// context-free rule and a regular one, written as plain rules (no hand-made "language").

// R1: as many a's as b's (the first-return grammar of grammars/README.md). Unambiguous.
equalAB : ( 'a' moreB | 'b' moreA )* ;
moreA   : 'a' | 'b' moreA moreA ;
moreB   : 'b' | 'a' moreB moreB ;

// R2: no letter three times in a row. No recursion, so rulex compiles it to an automaton.
shortRuns : bRun? ( aRun bRun )* aRun? ;
aRun      : 'a' 'a'? ;
bRun      : 'b' 'b'? ;
