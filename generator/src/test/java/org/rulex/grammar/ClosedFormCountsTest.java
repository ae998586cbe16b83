package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Rule.counts against closed forms up to length 12: path counts for one grammar rule (exact
 * only if the grammar is unambiguous), product-automaton word counts for a conjunction.
 */
class ClosedFormCountsTest {
  static final int MAX = 12;

  @Test
  void anbnCountsAreCentralBinomialsLinesAndOnes() {
    expect("anbn", "R1", n -> n % 2 == 0 ? binomial(n, n / 2) : 0);
    expect("anbn", "R2", n -> n + 1);
    expect("anbn", "L", n -> n >= 2 && n % 2 == 0 ? 1 : 0);
  }

  @Test
  void dyckCountsAreCatalanTimesTwoToTheDepth() {
    // R1: choose the 2j square positions, nest them (Catalan j), the rest are free round brackets.
    IntFunction<BigInteger> oneKindBalanced = n -> {
      BigInteger sum = BigInteger.ZERO;
      for (int j = 0; 2 * j <= n; j++) sum = sum.add(binomialBig(n, 2 * j).multiply(catalan(j)).shiftLeft(n - 2 * j));
      return sum;
    };
    expectBig("dyck", "R1", oneKindBalanced);
    expectBig("dyck", "R2", oneKindBalanced);
    expectBig("dyck", "L", n -> n >= 2 && n % 2 == 0 ? catalan(n / 2).shiftLeft(n / 2) : BigInteger.ZERO);
  }

  @Test
  void csDyckCountsInterleaveTwoIndependentDyckWords() {
    expectBig("csdyck", "L", n -> {
      BigInteger sum = BigInteger.ZERO;
      if (n == 0) return sum;
      for (int j = 0; 2 * j <= n; j++)
        if ((n - 2 * j) % 2 == 0) sum = sum.add(binomialBig(n, 2 * j).multiply(catalan(j)).multiply(catalan((n - 2 * j) / 2)));
      return sum;
    });
  }

  @Test
  void anbncnCountsAreMultinomialsAndCompositions() {
    expectBig("anbncn", "R1", n -> n % 3 == 0 ? factorial(n).divide(factorial(n / 3).pow(3)) : BigInteger.ZERO);
    expect("anbncn", "R2", n -> binomial(n + 2, 2));
    expect("anbncn", "L", n -> n >= 3 && n % 3 == 0 ? 1 : 0);
  }

  @Test
  void regularLanguagesCountByHalvingAndParity() {
    expect("ban", "R1", n -> n == 0 ? 1 : 1L << (n - 1));
    expect("ban", "R2", n -> n == 0 ? 0 : 1L << (n - 1));
    expect("ban", "L", n -> n == 0 ? 0 : n == 1 ? 1 : 1L << (n - 2));
    // bban R1: either no b and an even number of a's, or the last b at position i and an even tail.
    expect("bban", "R1", n -> {
      long c = n % 2 == 0 ? 1 : 0;
      for (int i = 0; i < n; i++) if ((n - 1 - i) % 2 == 0) c += 1L << i;
      return c;
    });
    expect("bban", "R2", n -> n);
    expect("bban", "L", n -> n == 0 ? 0 : (n - 1) / 2 + 1);
  }

  @Test
  void palindromeCountsArePowersOfTheHalfLength() {
    expect("palindrome", "R1", n -> pow(3, (n + 1) / 2));
    expect("palindrome", "R2", n -> n == 0 ? 0 : n * (1L << (n - 1)));
    expect("palindrome", "L", n -> n % 2 == 1 ? 1L << (n / 2) : 0);
  }

  private static void expect(String language, String rule, IntFunction<Number> closedForm) {
    expectBig(language, rule, n -> BigInteger.valueOf(closedForm.apply(n).longValue()));
  }

  private static void expectBig(String language, String rule, IntFunction<BigInteger> closedForm) {
    BigInteger[] expected = new BigInteger[MAX + 1];
    for (int n = 0; n <= MAX; n++) expected[n] = closedForm.apply(n);
    assertArrayEquals(expected, Engines.rule(language, rule).counts(MAX), language + " " + rule + " counts 0.." + MAX);
  }

  static long binomial(int n, int k) {
    return binomialBig(n, k).longValueExact();
  }

  static BigInteger binomialBig(int n, int k) {
    return factorial(n).divide(factorial(k).multiply(factorial(n - k)));
  }

  static BigInteger factorial(int n) {
    BigInteger f = BigInteger.ONE;
    for (int i = 2; i <= n; i++) f = f.multiply(BigInteger.valueOf(i));
    return f;
  }

  static BigInteger catalan(int m) {
    return binomialBig(2 * m, m).divide(BigInteger.valueOf(m + 1));
  }

  static long pow(int b, int e) {
    long r = 1;
    for (int i = 0; i < e; i++) r *= b;
    return r;
  }
}
