package org.rulex.grammar;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Grammars with words of two or more derivations, each with what it means written in plain Java
 * (never from the grammar), for the tests that counts and samples are over words, not derivations.
 * ANTLR refuses the textbook forms with left recursion next to an empty alternative (s : s s | ;),
 * so each is written the way ANTLR takes it.
 */
final class AmbiguousGrammars {
  private AmbiguousGrammars() {}

  /** A case: its alphabet, grammar text, the parser rule counted (rule R1), the oracle, and how far brute force goes. */
  record Case(String name, String letters, String grammar, String start, Predicate<String> oracle, int bruteForceTo) {
    Language load() {
      return WrittenLanguages.write(letters, grammar, List.of(List.of(start)), bruteForceTo);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Balanced brackets: every prefix opens at least as many as it closes, and the word closes them all. */
  static boolean balanced(String w) {
    int depth = 0;
    for (char c : w.toCharArray()) {
      depth += c == '(' ? 1 : -1;
      if (depth < 0) return false;
    }
    return depth == 0;
  }

  private static Predicate<String> regex(String r) {
    Pattern p = Pattern.compile(r);
    return w -> p.matcher(w).matches();
  }

  private static long count(String w, char c) {
    return w.chars().filter(x -> x == c).count();
  }

  /** The balanced brackets with "()" derived twice (as ( s ) s and as ( s )): Catalan numbers of words. */
  static final Case BRACKETS = new Case("balanced brackets, s : '(' s ')' s | '(' s ')' | ;", "()",
      "s : '(' s ')' s | '(' s ')' | ;", "s", AmbiguousGrammars::balanced, 12);

  /** Every case, as a parameter source ({@code @MethodSource("org.rulex.grammar.AmbiguousGrammars#cases")}). */
  static java.util.stream.Stream<Case> cases() {
    return ALL.stream();
  }

  static final List<Case> ALL = List.of(
      BRACKETS,
      // The same language through a helper rule whose two alternatives overlap on "()".
      new Case("balanced brackets through a helper, t : '(' s ')' | '(' ')'", "()",
          "s : t s | ;\nt : '(' s ')' | '(' ')' ;", "s", AmbiguousGrammars::balanced, 12),
      // s s | 'a' | empty, without the left recursion ANTLR refuses: every split of a run of a's.
      new Case("runs split every way, s : 'a' s | 'a' s 'b' s | ;", "ab",
          "s : 'a' s | 'a' s 'b' s | ;", "s", w -> {
            int d = 0;
            for (char c : w.toCharArray()) if ((d += c == 'a' ? 1 : -1) < 0) return false;
            return true;
          }, 12),
      // e '+' e | 'x' without left recursion: "x+x+x" groups two ways.
      new Case("sums without grouping, e : 'x' ( '+' e )*", "x+",
          "e : 'x' ( '+' e )* ;", "e", regex("x(\\+x)*"), 12),
      // Two alternatives that overlap on a regular sublanguage (a*).
      new Case("two alternatives sharing a*, s : 'a'* 'b'* 'c' s | 'a'* 'c'* | 'a'* 'b'*", "abc",
          "s : 'a'* 'b'+ 'c' s | 'a'* 'c'* | 'a'* 'b'* ;", "s", w -> regex("(a*b+c)*(a*c*|a*b*)").test(w), 9),
      // a^n c b^m with n <= m <= 2n: each a takes one b or two, and the b's cannot tell.
      new Case("one or two b's an a, s : 'a' s 'b' | 'a' s 'b' 'b' | 'c'", "abc",
          "s : 'a' s 'b' | 'a' s 'b' 'b' | 'c' ;", "s", w -> {
            if (!w.matches("a*cb*")) return false;
            long a = count(w, 'a');
            long b = count(w, 'b');
            return a <= b && b <= 2 * a;
          }, 10),
      // Palindromes with a redundant middle: the empty middle is derived twice.
      new Case("palindromes with two empty middles, p : 'a' p 'a' | 'b' p 'b' | 'a' | 'b' | m | ; m : ;", "ab",
          "p : 'a' p 'a' | 'b' p 'b' | 'a' | 'b' | m | ;\nm : ;", "p", w -> new StringBuilder(w).reverse().toString().equals(w), 12));
}
