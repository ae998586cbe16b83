package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.sample.ChiSquare;
import org.rulex.sample.RuleSampler;

/**
 * Ambiguous grammars must be counted and sampled by words, never by derivations: every count
 * rulex gives (the rule's engine, the sampler's) equals the number of distinct words brute force
 * finds over the whole alphabet, and samples are uniform over the words of a length.
 */
class AmbiguousCountsTest {
  static final double ALPHA = 0.001;

  @ParameterizedTest
  @MethodSource("org.rulex.grammar.AmbiguousGrammars#cases")
  void everyCountIsTheNumberOfDistinctWords(AmbiguousGrammars.Case c) {
    Language lang = c.load();
    Rule r1 = lang.rule("R1").orElseThrow();
    RuleEngine engine = r1.engine();
    assertTrue(engine.method().contains("word by word"), engine.method());
    RuleSampler sampler = new RuleSampler(r1);
    BigInteger[] counts = r1.counts(c.bruteForceTo());
    for (int n = 0; n <= c.bruteForceTo(); n++) {
      BigInteger words = WrittenLanguages.bruteForceCount(c.letters(), n, c.oracle());
      assertEquals(words, counts[n], c + ": rule count at length " + n);
      assertEquals(words, lang.language().engine().count(n), c + ": language count at length " + n);
      assertEquals(words, sampler.count(n).orElseThrow(), c + ": sampler count at length " + n);
      if (words.signum() > 0) assertTrue(sampler.method(n) != RuleSampler.Method.PATHS && sampler.method(n) != RuleSampler.Method.BAR_HILLEL, c + ": " + sampler.method(n));
    }
  }

  /** An ambiguous context-free rule with a regular one: the Bar-Hillel product would count derivations too. */
  @Test
  void anAmbiguousRuleWithARegularOneIsCountedByWords() {
    AmbiguousGrammars.Case c = AmbiguousGrammars.BRACKETS;
    Language lang = WrittenLanguages.write(c.letters(), c.grammar() + "\nnoTriple : ( '(' '('? )? ( ')' ')'? '(' '('? )* ( ')' ')'? )? ;", List.of(List.of("s", "noTriple")), 12);
    Rule r1 = lang.rule("R1").orElseThrow();
    assertTrue(r1.engine().method().contains("x regular") && r1.engine().method().contains("word by word"), r1.engine().method());
    Predicate<String> member = w -> c.oracle().test(w) && !w.contains("(((") && !w.contains(")))");
    BigInteger[] counts = r1.counts(12);
    for (int n = 0; n <= 12; n++) assertEquals(WrittenLanguages.bruteForceCount(c.letters(), n, member), counts[n], "length " + n);
  }

  /** The Catalan numbers, not the 1, 2, 6, 22, 90 derivations of the grammar. */
  @Test
  void ambiguousBracketsCountCatalanNumbers() {
    BigInteger[] counts = AmbiguousGrammars.BRACKETS.load().rule("R1").orElseThrow().counts(20);
    long[] catalan = {1, 1, 2, 5, 14, 42, 132, 429, 1430, 4862, 16796};
    for (int n = 0; n <= 20; n++) assertEquals(BigInteger.valueOf(n % 2 == 0 ? catalan[n / 2] : 0), counts[n], "length " + n);
  }

  @Test
  void samplesAreUniformOverWordsNotDerivations() {
    AmbiguousGrammars.Case brackets = AmbiguousGrammars.BRACKETS;
    Rule r1 = brackets.load().rule("R1").orElseThrow();
    // 132 words of length 12, whose derivation counts range from 1 to over a thousand.
    assertUniform(r1, 12, 132, new RuleSampler(r1)::sample, "sampler");
    RuleEngine engine = r1.engine();
    assertUniform(r1, 12, 132, engine::sample, "engine");
    AmbiguousGrammars.Case runs = AmbiguousGrammars.ALL.get(2);
    Rule ballots = runs.load().rule("R1").orElseThrow();
    assertUniform(ballots, 8, 70, new RuleSampler(ballots)::sample, "sampler");
  }

  interface Draw {
    int[] sample(int n, SplittableRandom random);
  }

  private static void assertUniform(Rule rule, int n, int members, Draw draw, String what) {
    SplittableRandom random = new SplittableRandom(11);
    Map<String, Integer> seen = new HashMap<>();
    int draws = members * 200;
    for (int i = 0; i < draws; i++) {
      int[] w = draw.sample(n, random);
      assertTrue(rule.accepts(w), what + " drew a non-member");
      seen.merge(Arrays.toString(w), 1, Integer::sum);
    }
    assertEquals(members, seen.size(), what + ": distinct words drawn");
    double[] expected = new double[members];
    Arrays.fill(expected, draws / (double) members);
    double p = ChiSquare.pValue(seen.values().stream().mapToLong(Integer::longValue).toArray(), expected);
    assertTrue(p > ALPHA, what + " at length " + n + ": p = " + p);
  }

  /** Past the parse-state limit there is no count at all, never a derivation count. */
  @Test
  void pastTheStateLimitTheCountIsRefused() {
    Language lang = AmbiguousGrammars.BRACKETS.load();
    GrammarRule s = lang.grammarRules().get("s");
    Rule.Shape shape = lang.rule("R1").orElseThrow().shape();
    ContextFreeEngine small = new ContextFreeEngine(s, shape.regular(), false, true, 10);
    int n = 0;
    try {
      for (; n <= 40; n++) small.count(n);
    } catch (StateLimitException e) {
      assertTrue(small.undecided().contains("from length " + n), small.undecided());
    }
    int refused = n;
    assertTrue(refused < 40, "10 states reached length 40");
    assertThrows(StateLimitException.class, () -> small.count(refused));
    assertThrows(StateLimitException.class, () -> small.sample(refused, new SplittableRandom(1)));
  }
}
