package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Direct left recursion (e : e 'a' | 'b') is rewritten by ANTLR into a loop with an empty action
 * and precedence predicates of its own: such a rule is a language like any other, counted and
 * decided exactly (against brute force over every word), and an action its author did write
 * inside it is refused at the line and column where it was written.
 */
class DirectLeftRecursionTest {
  record Case(String name, String letters, String grammar, Predicate<String> oracle) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("suffix", "ab", "s : s 'b' | 'a' ;", w -> w.matches("ab*")),
        new Case("two-symbol suffix", "abc", "s : s 'a' 'b' | 'c' ;", w -> w.matches("c(ab)*")),
        new Case("through another rule", "ab", "s : s 'b' | t ;\nt : 'a'* ;", w -> w.matches("a*b*")),
        new Case("nested", "x()", "s : s '(' s ')' | 'x' ;", DirectLeftRecursionTest::nested),
        new Case("binary", "x+", "s : s '+' s | 'x' ;", w -> w.matches("x(\\+x)*")),
        new Case("two binary operators", "x+*", "s : s '*' s | s '+' s | 'x' ;", w -> w.matches("x([+*]x)*")),
        new Case("prefix and suffix", "-x!", "s : s '!' | '-' s | 'x' ;", w -> w.matches("-*x!*")));
  }

  /** x, then any number of (s): a recursive-descent oracle from the rule's prose reading. */
  static boolean nested(String w) {
    int[] at = {0};
    return parseNested(w, at) && at[0] == w.length();
  }

  private static boolean parseNested(String w, int[] at) {
    if (at[0] >= w.length() || w.charAt(at[0]) != 'x') return false;
    at[0]++;
    while (at[0] < w.length() && w.charAt(at[0]) == '(') {
      at[0]++;
      if (!parseNested(w, at) || at[0] >= w.length() || w.charAt(at[0]) != ')') return false;
      at[0]++;
    }
    return true;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aLeftRecursiveRuleIsCountedAndDecidedExactly(Case c) {
    Language lang = WrittenLanguages.write(c.letters(), c.grammar(), List.of(List.of("s")), 9);
    Rule r1 = lang.rule("R1").orElseThrow();
    BigInteger[] counts = r1.counts(9);
    for (int n = 0; n <= 9; n++) {
      assertEquals(WrittenLanguages.bruteForceCount(c.letters(), n, c.oracle()), counts[n], c + ": count at length " + n);
      for (String w : WrittenLanguages.words(c.letters(), Math.min(n, 6)))
        assertEquals(c.oracle().test(w), r1.accepts(lang.vocabulary().encode(w)), c + ": membership of '" + w + "'");
    }
  }

  @Test
  void theCheckFindsNothingInALeftRecursiveGrammar(@TempDir Path dir) throws IOException {
    write(dir, "// a b* by left recursion.\ns : s 'b' | 'a' ;\n");
    assertEquals(List.of(), GrammarCheck.run(dir));
  }

  @Test
  void anActionInALeftRecursiveRuleIsRefusedWhereItWasWritten(@TempDir Path dir) throws IOException {
    write(dir, "// line 3\n\ns : s 'b' {System.exit(1);} | 'a' ;\n");
    List<Diagnostic> errors = GrammarCheck.run(dir).stream().filter(Diagnostic::isError).toList();
    assertEquals(1, errors.size(), errors.toString());
    Diagnostic d = errors.get(0);
    // The grammar's header is two lines; the rule is on line 5, its action at editor column 11.
    assertTrue(d.toString().startsWith("S.g4:5:11: error: action {System.exit(1);} is not allowed"), d.toString());
  }

  private static void write(Path dir, String rules) throws IOException {
    Files.writeString(dir.resolve("Alphabet.g4"), "lexer grammar Alphabet;\nA : 'a' ;\nB : 'b' ;\n");
    Files.writeString(dir.resolve("S.g4"), "parser grammar S;\noptions { tokenVocab = Alphabet; }\n" + rules);
    Files.writeString(dir.resolve(Language.MANIFEST), "{\"name\": \"leftrec\", \"emptyWordIsMember\": false, \"lexer\": \"Alphabet.g4\", \"grammars\": [\"S.g4\"],"
        + " \"rules\": [{\"id\": \"R1\", \"description\": \"a b*\", \"parserRules\": [\"s\"]}], \"language\": [\"s\"],"
        + " \"lengths\": {\"kind\": \"uniform\", \"min\": 1, \"max\": 10}}");
  }
}
