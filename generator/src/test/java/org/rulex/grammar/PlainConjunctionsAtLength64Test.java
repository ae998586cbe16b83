package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.oracle.LanguageOracle;
import org.rulex.grammar.oracle.Oracles;

/**
 * The three languages written as plain conjunctions (one context-free rule, one regular rule)
 * at the length a benchmark needs: the language goes to the Earley chart and Bar-Hillel engine,
 * its counts at 63 and 64 match closed forms, and members drawn at 64 satisfy the oracle.
 * (Small lengths: BruteForceTest.)
 */
class PlainConjunctionsAtLength64Test {

  @Test
  void bracketsModFourCountsEveryDyckThreeWordOfLengthSixtyFour() {
    Rule l = Engines.language("bracketsmod4").language();
    RuleEngine e = l.engine();
    assertInstanceOf(ContextFreeEngine.class, e, e.method());
    // Catalan(32) * 3^32: every properly nested word of 32 pairs, each pair one of three kinds.
    BigInteger catalan32 = binomial(64, 32).divide(BigInteger.valueOf(33));
    assertEquals(catalan32.multiply(BigInteger.valueOf(3).pow(32)), e.count(64));
    assertEquals(BigInteger.ZERO, e.count(62)); // nested, but not a multiple of 4
  }

  @Test
  void palParityHasTwoToTheThirtyMembersOfLengthSixtyThree() {
    RuleEngine e = Engines.language("palparity").language().engine();
    assertInstanceOf(ContextFreeEngine.class, e, e.method());
    // u # reverse(u), |u| = 31, an even number of a's in u: half of 2^31.
    assertEquals(BigInteger.ONE.shiftLeft(30), e.count(63));
    assertEquals(BigInteger.ZERO, e.count(64));
  }

  @Test
  void abRunsMembersAtSixtyFourSatisfyTheOracle() {
    Language lang = Engines.language("abruns");
    RuleEngine e = lang.language().engine();
    assertInstanceOf(ContextFreeEngine.class, e, e.method());
    assertTrue(e.count(64).signum() > 0);
    LanguageOracle oracle = Oracles.of("abruns");
    SplittableRandom random = new SplittableRandom(64);
    for (int i = 0; i < 50; i++) {
      String w = lang.vocabulary().decode(e.sample(64, random));
      assertTrue(oracle.accepts(LanguageOracle.LANGUAGE, w), w);
    }
  }

  private static BigInteger binomial(int n, int k) {
    BigInteger b = BigInteger.ONE;
    for (int i = 0; i < k; i++) b = b.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    return b;
  }
}
