package org.rulex.suite.diversity;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.rulex.suite.Draws;

/** The exact references against brute force: integrals over the prior, sums over the pool. */
class BigramReferencesTest {

  @Test
  void bayesEstimatorIsThePosteriorPredictiveOfUniformRowsIntegratedNumerically() {
    // k = 2: each row is (p, 1 - p) with p uniform; the probability of a whole sequence (after its
    // first state) is the product over rows of the integral of p^a (1 - p)^b, done here on a grid.
    Draws d = new Draws(4);
    for (int trial = 0; trial < 20; trial++) {
      int[] s = MarkovChain.draw(2, d).sample(2 + d.nextInt(12), d);
      int[][] c = new int[2][2];
      for (int t = 1; t < s.length; t++) c[s[t - 1]][s[t]]++;
      double logMarginal = 0;
      for (int row = 0; row < 2; row++) {
        int grid = 200_000;
        double integral = 0;
        for (int i = 0; i < grid; i++) {
          double p = (i + 0.5) / grid;
          integral += Math.pow(p, c[row][0]) * Math.pow(1 - p, c[row][1]) / grid;
        }
        logMarginal += Math.log(integral);
      }
      assertEquals(-logMarginal, BigramReferences.bayesNll(s, 2, 1), 1e-6, "sequence " + java.util.Arrays.toString(s));
    }
  }

  @Test
  void bayesEstimatorCountsOnlyWhatCameBefore() {
    // 0 0 0 1: predictions (0+1)/(0+2), (1+1)/(1+2), (0+1)/(2+2) for the transitions 0->0, 0->0, 0->1
    int[] s = {0, 0, 0, 1};
    assertEquals(-Math.log(0.5) - Math.log(2.0 / 3) - Math.log(0.25), BigramReferences.bayesNll(s, 2, 1), 1e-12);
    assertEquals(-Math.log(0.25), BigramReferences.bayesNll(s, 2, 3), 1e-12);
    assertEquals(Math.log(2) - Math.log(0.5) - Math.log(2.0 / 3) - Math.log(0.25), BigramReferences.bayesNll(s, 2, 0), 1e-12);
  }

  @Property(tries = 50)
  void poolPosteriorIsTheRatioOfSummedSequenceLikelihoods(
      @ForAll @IntRange(min = 1, max = 5) int poolSize, @ForAll @IntRange(min = 2, max = 4) int k, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Draws d = new Draws(seed);
    List<MarkovChain> pool = new ArrayList<>();
    for (int i = 0; i < poolSize; i++) pool.add(MarkovChain.draw(k, d));
    int[] s = pool.get(d.nextInt(poolSize)).sample(10, d);
    int from = 1 + d.nextInt(9);
    // Brute force: P(s_t | s_<t) = sum_c prod_{u<=t} P_c / sum_c prod_{u<t} P_c, no logs, no shifts.
    double nll = 0;
    for (int t = from; t < s.length; t++) {
      double upTo = 0, before = 0;
      for (MarkovChain c : pool) {
        double product = 1;
        for (int u = 1; u < t; u++) product *= c.transition()[s[u - 1]][s[u]];
        before += product;
        upTo += product * c.transition()[s[t - 1]][s[t]];
      }
      nll -= Math.log(upTo / before);
    }
    assertEquals(nll, BigramReferences.poolPosteriorNll(s, pool, from), 1e-9);
  }

  @Test
  void aPoolOfOneChainScoresLikeTheChainItself() {
    Draws d = new Draws(8);
    MarkovChain c = MarkovChain.draw(3, d);
    int[] s = c.sample(30, d);
    double own = 0;
    for (int t = 5; t < s.length; t++) own -= Math.log(c.transition()[s[t - 1]][s[t]]);
    assertEquals(own, BigramReferences.poolPosteriorNll(s, List.of(c), 5), 1e-12);
  }

  @Property(tries = 30)
  void chainsHaveStochasticRowsAndSampleStatesInRange(@ForAll @IntRange(min = 2, max = 6) int k, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Draws d = new Draws(seed);
    MarkovChain c = MarkovChain.draw(k, d);
    for (double[] row : c.transition()) {
      double sum = 0;
      for (double p : row) {
        assertTrue(p > 0);
        sum += p;
      }
      assertEquals(1, sum, 1e-12);
    }
    for (int state : c.sample(40, d)) assertTrue(state >= 0 && state < k);
  }

  @Test
  void sampledTransitionsFollowTheMatrix() {
    Draws d = new Draws(2);
    MarkovChain c = MarkovChain.draw(3, d);
    int[] s = c.sample(300_000, d);
    int[][] counts = new int[3][3];
    int[] rows = new int[3];
    for (int t = 1; t < s.length; t++) {
      counts[s[t - 1]][s[t]]++;
      rows[s[t - 1]]++;
    }
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) assertEquals(c.transition()[i][j], counts[i][j] / (double) rows[i], 0.01, i + " -> " + j);
  }

  @Test
  void gainIsZeroAtChanceAndOneAtBayes() {
    assertEquals(0, IclGain.of(4, Math.log(4), 1.1), 1e-12);
    assertEquals(1, IclGain.of(4, 1.1, 1.1), 1e-12);
    assertTrue(IclGain.of(4, 1.5, 1.1) < 0);
  }
}
