package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof that derivation paths are words ({@link Unambiguity}): it must hold for every
 * context-free part of the languages in grammars/ (their counts and samples go by derivations,
 * as they always did), it must never hold for an ambiguous grammar, and where it holds, paths
 * and distinct words agree at every length tried.
 */
class UnambiguityTest {

  static Stream<GrammarRule> shippedContextFreeParts() {
    return Engines.LANGUAGES.all().stream()
        .flatMap(l -> Stream.concat(l.rules().stream(), Stream.of(l.language())))
        .flatMap(r -> r.shape().contextFree().stream())
        .distinct();
  }

  @ParameterizedTest
  @MethodSource("shippedContextFreeParts")
  void everyShippedContextFreePartIsShownUnambiguous(GrammarRule g) {
    Unambiguity.Verdict v = g.unambiguity();
    assertTrue(v.proven(), g + ": " + v.reason());
  }

  @Test
  void thePalindromeRuleNeedsMoreThanLookaheadAndGetsIt() {
    GrammarRule palindrome = Engines.language("palindrome").grammarRules().get("palindrome");
    Unambiguity.Verdict v = palindrome.unambiguity();
    assertTrue(v.proven() && !v.reason().contains("LL(1)"), v.reason());
  }

  @ParameterizedTest
  @MethodSource("org.rulex.grammar.AmbiguousGrammars#cases")
  void noAmbiguousGrammarIsShownUnambiguous(AmbiguousGrammars.Case c) {
    Language lang = c.load();
    GrammarRule g = lang.grammarRules().get(c.start());
    Unambiguity.Verdict v = g.unambiguity();
    assertFalse(v.proven(), c + ": " + v.reason());
    assertTrue(v.reason().contains("in rule "), v.reason());
  }

  /** Unambiguous grammars that one token of lookahead cannot parse, each proved and checked against words. */
  @Test
  void unambiguousGrammarsBeyondLl1AreShownAndTheirPathsAreWords() {
    List<String[]> cases = List.of(
        new String[] {"ab", "s : 'a' s 'b' | 'a' 'b' ;"},
        new String[] {"ab", "s : 'a' s 'a' | 'b' s 'b' | 'a' | 'b' | ;"},
        new String[] {"abc", "s : 'a' s 'a' | 'b' s 'b' | 'c' ;"},
        new String[] {"ab", "s : ( 'a' | 'b' )* 'a' ;"});
    for (String[] c : cases) {
      Language lang = WrittenLanguages.write(c[0], c[1], List.of(List.of("s")), 10);
      GrammarRule g = lang.grammarRules().get("s");
      assertTrue(g.unambiguity().proven(), c[1] + ": " + g.unambiguity().reason());
      assertPathsAreWords(lang, g, 10);
    }
  }

  /** Where the proof holds, derivation paths equal distinct words (product of parse states) at every length up to n. */
  static void assertPathsAreWords(Language lang, GrammarRule g, int n) {
    PathCounts paths = new PathCounts(g);
    Conjunction words = new Conjunction(List.of(g), lang.vocabulary(), 1_000_000);
    for (int k = 0; k <= n; k++) {
      BigInteger p = paths.count(k);
      assertEquals(words.count(k), p, g + ": shown unambiguous, yet paths and words differ at length " + k);
    }
  }

  @Test
  void shippedProofsAgreeWithWordCounts() {
    for (GrammarRule g : shippedContextFreeParts().toList()) {
      Language lang = Engines.LANGUAGES.all().stream().filter(l -> l.grammarRules().get(g.name()) == g).findFirst().orElseThrow();
      assertPathsAreWords(lang, g, 10);
    }
  }
}
