package org.rulex.suite;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.score.SeedMean;

/** The shared draws against their distributions' moments, and seeding. */
class DrawsTest {

  @Test
  void theSameSeedGivesTheSameDrawsAndSubStreamsDiffer() {
    Draws a = new Draws(7), b = new Draws(7);
    for (int i = 0; i < 100; i++) assertEquals(a.normal(), b.normal());
    assertArrayEquals(Draws.of(7, 1, 2).dirichlet(0.5, 5), Draws.of(7, 1, 2).dirichlet(0.5, 5));
    assertFalse(Arrays.equals(Draws.of(7, 1, 2).dirichlet(0.5, 5), Draws.of(7, 2, 1).dirichlet(0.5, 5)));
  }

  @Test
  void gammaHasMeanAndVarianceEqualToItsShape() {
    for (double shape : new double[] {0.2, 1, 3.5}) {
      Draws d = new Draws(11);
      int n = 200_000;
      double sum = 0, sq = 0;
      for (int i = 0; i < n; i++) {
        double g = d.gamma(shape);
        assertTrue(g >= 0);
        sum += g;
        sq += g * g;
      }
      double mean = sum / n, var = sq / n - mean * mean;
      assertEquals(shape, mean, 0.02 * Math.max(1, shape), "mean at shape " + shape);
      assertEquals(shape, var, 0.06 * Math.max(1, shape), "variance at shape " + shape);
    }
  }

  @Test
  void dirichletPointsLieOnTheSimplexWithMeanOneOverK() {
    Draws d = new Draws(3);
    int k = 4, n = 50_000;
    double[] mean = new double[k];
    double sqFirst = 0;
    for (int i = 0; i < n; i++) {
      double[] p = d.dirichlet(0.2, k);
      assertEquals(1, Arrays.stream(p).sum(), 1e-9);
      for (int j = 0; j < k; j++) mean[j] += p[j] / n;
      sqFirst += p[0] * p[0] / n;
    }
    for (double m : mean) assertEquals(0.25, m, 0.01);
    // Var p_j = (1/k)(1 - 1/k) / (k alpha + 1) = 0.1875 / 1.8
    assertEquals(0.1875 / 1.8, sqFirst - mean[0] * mean[0], 0.005);
  }

  @Test
  void categoricalFollowsItsWeightsAndNeverPicksAZero() {
    Draws d = new Draws(5);
    double[] w = {1, 0, 3};
    int[] counts = new int[3];
    for (int i = 0; i < 40_000; i++) counts[d.categorical(w)]++;
    assertEquals(0, counts[1]);
    assertEquals(0.25, counts[0] / 40_000.0, 0.01);
    assertThrows(IllegalArgumentException.class, () -> d.categorical(new double[] {0, 0}));
  }

  @Test
  void normalHasMeanZeroAndVarianceOne() {
    Draws d = new Draws(9);
    int n = 200_000;
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++) {
      double x = d.normal();
      sum += x;
      sq += x * x;
    }
    assertEquals(0, sum / n, 0.01);
    assertEquals(1, sq / n, 0.01);
  }

  @Test
  void seedMeanIsTheStudentTInterval() {
    SeedMean m = SeedMean.of(List.of(1.0, 2.0, 3.0, Double.NaN));
    assertEquals(3, m.n());
    assertEquals(1, m.missing());
    assertEquals(2, m.mean(), 1e-12);
    assertEquals(1, m.std(), 1e-12);
    double half = 4.303 / Math.sqrt(3); // t(0.975, 2 df)
    assertEquals(2 - half, m.low(), 1e-9);
    assertEquals(2 + half, m.high(), 1e-9);
    assertEquals("2.000 [-0.484, 4.484]", m.format());
    assertEquals("—", SeedMean.of(List.of(Double.NaN)).format());
    assertEquals("0.500", SeedMean.of(List.of(0.5)).format());
  }
}
