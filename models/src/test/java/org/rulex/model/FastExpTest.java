package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FastExp against java.lang.Math, its plain-Java oracle, over the ranges the recurrences use and beyond. */
class FastExpTest {

  @Test
  void expNonPositiveIsWithinItsStatedErrors() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      double x = i < 1000 ? -i * 0.7 : -700 * rnd.nextDouble() * rnd.nextDouble();
      double want = Math.exp(x), got = FastExp.expNonPositive(x);
      assertTrue(Math.abs(got - want) <= 1e-13, () -> "exp(" + x + "): " + got + " against " + want);
      if (x >= -100) assertTrue(Math.abs(got - want) <= 1.4e-6 * want, () -> "exp(" + x + ") relative, |x| <= 100: " + got + " against " + want);
      if (x >= -20) assertTrue(Math.abs(got - want) <= 1e-10 * want, () -> "exp(" + x + ") relative, |x| <= 20: " + got + " against " + want);
    }
    assertEquals(1.0, FastExp.expNonPositive(0), 0);
    assertEquals(0f, (float) FastExp.expNonPositive(-1e9), 0, "far below -700 the result is 0 as a float");
  }

  @Test
  void expsFillsEveryEntry() {
    double[] x = {0, -1, -2.5, -30, -800};
    double[] out = new double[x.length];
    FastExp.exps(x, out);
    for (int i = 0; i < x.length; i++) assertEquals(Math.exp(Math.max(x[i], -700)), out[i], 1e-13 + 1.5e-7 * Math.exp(x[i]));
  }

  @Test
  void log1pUnitMatchesLog1pOnZeroToOne() {
    for (int i = 0; i <= 100_000; i++) {
      double e = i / 100_000.0;
      double want = Math.log1p(e), got = FastExp.log1pUnit(e);
      assertTrue(Math.abs(got - want) <= 2e-13 * Math.max(want, Double.MIN_NORMAL) + 1e-300, () -> "log1p(" + e + "): " + got + " against " + want);
    }
  }

  @Test
  void belowAndAboveZeroAreTheTwoExponentialsOfEitherSign() {
    SplittableRandom rnd = new SplittableRandom(2);
    for (int i = 0; i < 100_000; i++) {
      double x = (rnd.nextDouble() - 0.5) * (i % 2 == 0 ? 1e-6 : 80);
      double e = Math.exp(-Math.abs(x));
      assertEquals(Math.exp(Math.min(x, 0)), FastExp.belowZero(e, x), 1e-15, "exp(min(x, 0)) at " + x);
      assertEquals(Math.exp(-Math.max(x, 0)), FastExp.aboveZero(e, x), 1e-15, "exp(-max(x, 0)) at " + x);
    }
    assertEquals(1, FastExp.belowZero(1, 0), 0);
    assertEquals(1, FastExp.aboveZero(1, 0), 0);
  }
}
