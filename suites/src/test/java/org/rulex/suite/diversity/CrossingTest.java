package org.rulex.suite.diversity;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The last crossing of a level on a grid, interpolated in log x, and its censored cases. */
class CrossingTest {

  @Test
  void interpolatesInLogXBetweenTheLastPointBeforeTheLevelAndTheNext() {
    // G = 0.2 at K = 4 and 0.8 at K = 16: halfway in log K is K = 8.
    assertEquals(8, Crossing.of(new double[] {4, 16, 64}, new double[] {0.2, 0.8, 0.9}, 0.5, false, false).value(), 1e-9);
    // MSE 4 at P = 100 and 0.25 at P = 400: log-log halfway, MSE 1 at P = 200.
    assertEquals(200, Crossing.of(new double[] {10, 100, 400}, new double[] {3, 4, 0.25}, 1, true, true).value(), 1e-9);
  }

  @Test
  void takesTheLastCrossingWhenTheCurveComesBack() {
    // below 1 at P = 50, above at 100, below from 200 on: the transition is between 100 and 200.
    double p = Crossing.of(new double[] {25, 50, 100, 200, 400}, new double[] {1.3, 0.7, 3.0, 0.5, 0.3}, 1, true, true).value();
    assertTrue(p > 100 && p < 200, "P* = " + p);
  }

  @Test
  void censoredCurvesSaySo() {
    Crossing never = Crossing.of(new double[] {4, 8}, new double[] {0.1, 0.2}, 0.5, false, false);
    assertTrue(Double.isNaN(never.value()));
    assertEquals("none", never.text());
    Crossing already = Crossing.of(new double[] {4, 8}, new double[] {0.6, 0.9}, 0.5, false, false);
    assertEquals("< 4", already.text());
    assertEquals("none", Crossing.of(new double[] {4}, new double[] {Double.NaN}, 0.5, false, false).text());
  }
}
