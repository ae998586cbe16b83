parser grammar MarkedPalindrome;
options { tokenVocab = Alphabet; }

// Marked palindromes w # reverse(w): a context-free rule that needs unbounded memory of order,
// not just of counts, and a regular rule about the marker.

// R1: reads the same backwards (the marker is a letter like the others). Unambiguous.
palindrome : 'a' palindrome 'a' | 'b' palindrome 'b' | '#' palindrome '#' | 'a' | 'b' | '#' | ;

// R2: exactly one marker.
oneMarker : ( 'a' | 'b' )* '#' ( 'a' | 'b' )* ;

// The language itself: R1 and R2 together, as one grammar, so that it can be counted by paths
// (the palindrome rule remembers every letter, far too many states to enumerate word by word).
marked : 'a' marked 'a' | 'b' marked 'b' | '#' ;
