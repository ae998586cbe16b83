parser grammar S;
options { tokenVocab = Alphabet; }

// An action: rulex never runs code.
s : 'a' {System.out.println("hi");} 'b' ;
