package org.rulex.suite.diversity;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The logistic step fit finds a known midpoint, and its bootstrap over seeds brackets the spread between seeds. */
class TransitionFitTest {

  @Test
  void aNoiseFreeStepIsRecoveredExactly() {
    double[] xs = new double[15], ys = new double[15];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = -1 + i * 0.15;
      ys[i] = 2 - 3 / (1 + Math.exp(-(xs[i] - 0.23) / 0.2));
    }
    TransitionFit f = TransitionFit.of(xs, ys);
    assertEquals(0.23, f.x0(), 2e-3);
    assertEquals(0.2, f.width(), 5e-3);
    assertEquals(2, f.low(), 1e-2);
    assertEquals(-3, f.step(), 1e-2);
    assertEquals(ys[4], f.at(xs[4]), 1e-3);
  }

  @Test
  void theBootstrapIntervalSpansTheSeedsMidpoints() {
    // Three seeds whose steps sit at -0.2, 0 and 0.2: the pooled midpoint near 0, resamples between the extremes.
    List<double[][]> seeds = new ArrayList<>();
    for (double centre : new double[] {-0.2, 0, 0.2}) {
      double[] xs = new double[21], ys = new double[21];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = -1 + i * 0.1;
        ys[i] = 1 / (1 + Math.exp(-(xs[i] - centre) / 0.1));
      }
      seeds.add(new double[][] {xs, ys});
    }
    double[] resamples = TransitionFit.bootstrap(seeds, 200, 1);
    double lo = TransitionFit.quantile(resamples, 0.025), hi = TransitionFit.quantile(resamples, 0.975);
    assertTrue(lo < -0.1 && lo >= -0.21, "low " + lo);
    assertTrue(hi > 0.1 && hi <= 0.21, "high " + hi);
    assertArrayEquals(resamples, TransitionFit.bootstrap(seeds, 200, 1), "the same seed gives the same resamples");
    assertEquals(2.5, TransitionFit.quantile(new double[] {4, 1, Double.NaN, 2, 3}, 0.5), 1e-12);
  }
}
