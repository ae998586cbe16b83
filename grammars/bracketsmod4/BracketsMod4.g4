parser grammar BracketsMod4;
options { tokenVocab = Alphabet; }

// Three bracket kinds properly nested, conjoined with a length condition: a context-free rule
// with three kinds (too many parse stacks to enumerate at length 64) and a regular rule.

// R1: three kinds of brackets, properly nested. Unambiguous.
nested : ( '(' nested ')' | '[' nested ']' | '{' nested '}' )* ;

// R2: the length is a positive multiple of 4. No recursion: an automaton.
lengthFour : ( bracket bracket bracket bracket )+ ;
bracket    : '(' | ')' | '[' | ']' | '{' | '}' ;
