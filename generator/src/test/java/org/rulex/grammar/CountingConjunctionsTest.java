package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.rulex.sample.ChiSquare;
import org.rulex.sample.RuleSampler;

/**
 * Conjunctions of counting rules over a free alphabet, at the lengths people train on: the
 * languages in src/test/resources/counting ("#a = #b" and "#a = #c" with a regular rule over
 * three letters; "#a = 2#b" and "#c = #d" with a regular rule over four) counted exactly, checked
 * against a dynamic programme over the two differences (plain Java, never the grammar), against
 * brute force at short lengths, and sampled uniformly.
 */
class CountingConjunctionsTest {
  static Language load(String name) {
    return Language.load(Languages.home().resolve("generator/src/test/resources/counting").resolve(name));
  }

  /** #a = #b = #c, no "cc": words of length n by their differences #a - #b, #a - #c and whether the last letter was c. */
  static BigInteger[] abcCounts(int max) {
    return differences(max, "abc", (c, d) -> new int[] {d[0] + (c == 'a' ? 1 : c == 'b' ? -1 : 0), d[1] + (c == 'a' ? 1 : c == 'c' ? -1 : 0)}, 'c');
  }

  /** #a = 2#b, #c = #d, no "bb". */
  static BigInteger[] abcdCounts(int max) {
    return differences(max, "abcd", (c, d) -> new int[] {d[0] + (c == 'a' ? 1 : c == 'b' ? -2 : 0), d[1] + (c == 'c' ? 1 : c == 'd' ? -1 : 0)}, 'b');
  }

  interface Step {
    int[] apply(char c, int[] d);
  }

  /** Words per length whose two differences end at 0, with no letter `twice` twice in a row. */
  private static BigInteger[] differences(int max, String letters, Step step, char twice) {
    BigInteger[] out = new BigInteger[max + 1];
    Map<List<Integer>, BigInteger> now = new HashMap<>(Map.of(List.of(0, 0, 0), BigInteger.ONE));
    for (int n = 0; n <= max; n++) {
      out[n] = now.entrySet().stream().filter(e -> e.getKey().get(0) == 0 && e.getKey().get(1) == 0).map(Map.Entry::getValue).reduce(BigInteger.ZERO, BigInteger::add);
      Map<List<Integer>, BigInteger> next = new HashMap<>();
      for (var e : now.entrySet())
        for (char c : letters.toCharArray()) {
          boolean last = e.getKey().get(2) == 1;
          if (last && c == twice) continue;
          int[] d = step.apply(c, new int[] {e.getKey().get(0), e.getKey().get(1)});
          next.merge(List.of(d[0], d[1], c == twice ? 1 : 0), e.getValue(), BigInteger::add);
        }
      now = next;
    }
    return out;
  }

  private static long count(String w, char c) {
    return w.chars().filter(x -> x == c).count();
  }

  static final Predicate<String> ABC = w -> count(w, 'a') == count(w, 'b') && count(w, 'a') == count(w, 'c') && !w.contains("cc");
  static final Predicate<String> ABCD = w -> count(w, 'a') == 2 * count(w, 'b') && count(w, 'c') == count(w, 'd') && !w.contains("bb");

  @Test
  void theOraclesAgreeWithTheirDefinitionsByBruteForce() {
    BigInteger[] abc = abcCounts(9);
    BigInteger[] abcd = abcdCounts(7);
    for (int n = 0; n <= 9; n++) assertEquals(WrittenLanguages.bruteForceCount("abc", n, ABC), abc[n], "abc length " + n);
    for (int n = 0; n <= 7; n++) assertEquals(WrittenLanguages.bruteForceCount("abcd", n, ABCD), abcd[n], "abcd length " + n);
  }

  /** Every length up to 60 exactly, in a few thousand product states (past 400,000 at length 24 when states kept where rules were entered). */
  @Test
  void twoCountersAndAnAutomatonOverThreeLettersAreExactAtLength60() {
    Language lang = load("abc");
    RuleEngine engine = lang.language().engine();
    BigInteger[] expected = abcCounts(60);
    for (int n = 0; n <= 60; n++) assertEquals(expected[n], engine.count(n), "length " + n);
    assertTrue(engine.exact() && !engine.method().contains("bounded"), engine.method());
    int states = ((ProductEngine) engine).exactProduct().size();
    assertTrue(states < 10_000, states + " product states");
  }

  @Test
  void twiceAndEqualOverFourLettersAreExactAtLength30() {
    Language lang = load("abcd");
    RuleEngine engine = lang.language().engine();
    BigInteger[] expected = abcdCounts(30);
    for (int n = 0; n <= 30; n++) assertEquals(expected[n], engine.count(n), "length " + n);
    assertTrue(engine.exact() && !engine.method().contains("bounded"), engine.method());
  }

  /** Each rule alone and the language: membership, counts, viability, next tokens and witnesses against brute force. */
  @Test
  void everyRuleAgreesWithBruteForce() {
    check(load("abc"), new RandomGrammarsTest.Space("abc", 8, 3), List.of(
        difference("R1", w -> (int) (count(w, 'a') - count(w, 'b'))),
        difference("R2", w -> (int) (count(w, 'a') - count(w, 'c'))),
        new RandomGrammarsTest.RandomRule("regular", "", w -> !w.contains("cc"), (w, budget) -> true, "R3 no cc")));
    check(load("abcd"), new RandomGrammarsTest.Space("abcd", 7, 3), List.of(
        difference("R1", w -> (int) (count(w, 'a') - 2 * count(w, 'b'))),
        difference("R2", w -> (int) (count(w, 'c') - count(w, 'd'))),
        new RandomGrammarsTest.RandomRule("regular", "", w -> !w.contains("bb"), (w, budget) -> true, "R3 no bb")));
  }

  private static RandomGrammarsTest.RandomRule difference(String id, java.util.function.ToIntFunction<String> d) {
    // A difference of d needs at least |d| / 2 more letters (a b moves #a - 2#b by two).
    return new RandomGrammarsTest.RandomRule("counting", "", w -> d.applyAsInt(w) == 0, (w, budget) -> Math.abs(d.applyAsInt(w)) <= 2 * budget, id);
  }

  private static void check(Language lang, RandomGrammarsTest.Space space, List<RandomGrammarsTest.RandomRule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      Rule r = lang.rules().get(i);
      RandomGrammarsTest.checkAgainstBruteForce(lang, List.of(rules.get(i)), space, i, RandomGrammarsTest.boundedEngine(r), r);
    }
    RandomGrammarsTest.checkAgainstBruteForce(lang, rules, space, -1, RandomGrammarsTest.boundedEngine(lang.language()), lang.language());
  }

  /** Chi-square over every word of length 6 (54 of them), from the product and from the sampler the generator uses. */
  @Test
  void samplesAreUniformOverEveryWordOfALength() {
    Language lang = load("abc");
    Rule rule = lang.language();
    int n = 6;
    int members = abcCounts(n)[n].intValueExact();
    RuleEngine engine = rule.engine();
    assertUniform(rule, n, members, engine::sample);
    assertUniform(rule, n, members, new RuleSampler(rule)::sample);
  }

  interface Draw {
    int[] sample(int n, SplittableRandom random);
  }

  private static void assertUniform(Rule rule, int n, int members, Draw draw) {
    SplittableRandom random = new SplittableRandom(5);
    Map<String, Integer> seen = new HashMap<>();
    int draws = members * 200;
    for (int i = 0; i < draws; i++) {
      int[] w = draw.sample(n, random);
      assertTrue(ABC.test(rule.vocabulary().decode(w)), "drew a non-member");
      seen.merge(Arrays.toString(w), 1, Integer::sum);
    }
    assertEquals(members, seen.size(), "distinct words drawn");
    double[] expected = new double[members];
    Arrays.fill(expected, draws / (double) members);
    double p = ChiSquare.pValue(seen.values().stream().mapToLong(Integer::longValue).toArray(), expected);
    assertTrue(p > 0.001, "p = " + p);
  }
}
