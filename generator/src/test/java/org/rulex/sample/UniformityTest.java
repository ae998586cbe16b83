package org.rulex.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;
import org.rulex.grammar.Language;
import org.rulex.grammar.Rule;

/**
 * Chi-square tests (fail below p = 0.001) that words are uniform over the members of a length,
 * for each sampling method, and that lengths follow the language's distribution.
 */
class UniformityTest {
  static final double ALPHA = 0.001;

  /** Draws words of length n and tests them against the uniform distribution over `members` words. */
  static void assertUniform(RuleSampler s, int n, int members, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Integer> seen = new HashMap<>();
    int draws = members * 200;
    for (int i = 0; i < draws; i++) seen.merge(Arrays.toString(s.sample(n, random)), 1, Integer::sum);
    assertEquals(members, seen.size(), "distinct words drawn");
    long[] obs = seen.values().stream().mapToLong(Integer::longValue).toArray();
    double[] exp = new double[members];
    Arrays.fill(exp, draws / (double) members);
    double p = ChiSquare.pValue(obs, exp);
    assertTrue(p > ALPHA, s.rule().id() + " at length " + n + " (" + s.method(n) + "): p = " + p);
  }

  @Test
  void dyckLengthSixDrawsEachOfItsFortyMembersEquallyOften() {
    RuleSampler s = new RuleSampler(Fixtures.language("dyck").language());
    assertEquals(BigInteger.valueOf(40), s.count(6).orElseThrow());
    assertEquals(RuleSampler.Method.PATHS, s.method(6));
    assertUniform(s, 6, 40, 1);
  }

  @Test
  void anbncnR1LengthSixDrawsEachOfItsNinetyWordsEquallyOftenThroughTheExactProduct() {
    Rule r1 = Fixtures.language("anbncn").rule("R1").orElseThrow();
    RuleSampler s = new RuleSampler(r1);
    assertEquals(BigInteger.valueOf(90), s.count(6).orElseThrow());
    assertEquals(RuleSampler.Method.EXACT_PRODUCT, s.method(6));
    assertUniform(s, 6, 90, 2);
  }

  @Test
  void plainConjunctionsDrawEachMemberEquallyOftenThroughTheBarHillelProduct() {
    for (String name : new String[] {"abruns", "bracketsmod4", "palparity"}) {
      RuleSampler s = new RuleSampler(Fixtures.language(name).language());
      int n = name.equals("palparity") ? 9 : 8;
      assertEquals(RuleSampler.Method.BAR_HILLEL, s.method(n), name);
      assertUniform(s, n, s.count(n).orElseThrow().intValueExact(), name.hashCode());
    }
  }

  @Test
  void rejectionFromTheSmallestPartIsUniformToo() {
    Rule r1 = Fixtures.language("anbncn").rule("R1").orElseThrow();
    RuleSampler s = new RuleSampler(r1, 5, 10_000); // five product states: the product gives up at once
    assertEquals(RuleSampler.Method.REJECTION, s.method(6));
    assertUniform(s, 6, 90, 3);
  }

  @Test
  void collapsedAcceptanceIsAUserErrorNamingTheLengthNotAHang() {
    Rule r1 = Fixtures.language("anbncn").rule("R1").orElseThrow();
    RuleSampler s = new RuleSampler(r1, 5, 1); // no product, one proposal per word
    UserError thrown = null;
    for (int i = 0; i < 200 && thrown == null; i++) {
      try {
        s.sample(60, new SplittableRandom(i));
      } catch (UserError e) {
        thrown = e;
      }
    }
    assertTrue(thrown != null && thrown.getMessage().contains("length 60"), String.valueOf(thrown));
  }

  @Test
  void lengthsFollowTheUniformDistributionOverLengthsWithMembers() {
    for (String name : new String[] {"anbn", "ban", "dyck"}) {
      LanguageSampler s = new LanguageSampler(Fixtures.language(name), null, 64);
      int[] ls = s.lengths().lengths();
      for (int n : ls) assertTrue(s.count(n).orElseThrow().signum() > 0);
      if (name.equals("anbn")) assertEquals(32, ls.length); // 2, 4, ..., 64
      SplittableRandom random = new SplittableRandom(name.hashCode());
      long[] obs = new long[ls.length];
      int draws = 100 * ls.length;
      for (int i = 0; i < draws; i++) obs[Arrays.binarySearch(ls, s.sample(random).length)]++;
      double[] exp = new double[ls.length];
      for (int i = 0; i < ls.length; i++) exp[i] = draws * s.lengths().probability(ls[i]);
      double p = ChiSquare.pValue(obs, exp);
      assertTrue(p > ALPHA, name + ": p = " + p);
    }
  }

  @Test
  void theChiSquareHelperMatchesKnownValues() {
    assertEquals(0.05, ChiSquare.upperGamma(0.5, 3.841 / 2), 1e-3); // df 1, x 3.841
    assertEquals(0.001, ChiSquare.upperGamma(5, 29.588 / 2), 1e-4); // df 10, x 29.588
  }
}
