parser grammar Dyck3;
options { tokenVocab = Alphabet; }

// Dyck-3 with a depth bound: a context-free rule meets a regular one (a bounded counter).

// R1: three kinds of brackets, properly nested.
nested : ( '(' nested ')' | '[' nested ']' | '{' nested '}' )* ;

// R2: opening and closing brackets, of any kind, balance and never go deeper than 3.
// Written without recursion, so it is regular.
depth3 : ( open depth2 close )* ;
depth2 : ( open depth1 close )* ;
depth1 : ( open close )* ;
open   : '(' | '[' | '{' ;
close  : ')' | ']' | '}' ;

// The language adds "non-empty".
anyBracket : ( open | close )+ ;
