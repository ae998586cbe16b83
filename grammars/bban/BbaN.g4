parser grammar BbaN;
options { tokenVocab = Alphabet; }

// L2 of the reference benchmark (regular): R1 an even number of a's after the last b,
// R2 at least one b, and every b before every a.

// R1: the last b is unique, so is the split; with no b at all, every a counts.
evenTailA : ( 'a' | 'b' )* 'b' ( 'a' 'a' )* | ( 'a' 'a' )* ;

// R2: b's first (at least one), then a's.
bThenA : 'b'+ 'a'* ;
