parser grammar S;
options { tokenVocab = Alphabet; }

// Balanced brackets, ambiguous: "()" is both ( s ) s and ( s ), each with s empty. The textbook
// form s : '(' s ')' s | s s | ; is refused by ANTLR (left recursion next to an empty alternative).
s : '(' s ')' s | '(' s ')' | ;
