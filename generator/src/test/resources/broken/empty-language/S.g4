parser grammar S;
options { tokenVocab = Alphabet; }

// R1: only a's; R2: only b's. Non-empty words of both: none.
onlyA : 'a'+ ;
onlyB : 'b'+ ;
