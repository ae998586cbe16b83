package org.rulex.suite.hijack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalBigramTest {

  @Test
  void stationaryDistributionIsFixedByTheChain() {
    GlobalBigram g = GlobalBigram.dirichlet(32, 0.2, 0);
    double[] pi = g.stationary();
    double total = 0;
    for (double p : pi) total += p;
    assertEquals(1, total, 1e-9);
    for (int b = 0; b < 32; b++) {
      double next = 0;
      for (int q = 0; q < 32; q++) next += pi[q] * g.probability(q, b);
      assertEquals(pi[b], next, 1e-9, "pi P differs from pi at " + b);
    }
  }

  @Test
  void entropyRateOfATwoStateChainByHand() {
    // P = [[0.9, 0.1], [0.5, 0.5]]: pi = (5/6, 1/6).
    GlobalBigram g = new GlobalBigram(new double[][] {{0.9, 0.1}, {0.5, 0.5}});
    assertArrayEquals(new double[] {5.0 / 6, 1.0 / 6}, g.stationary(), 1e-9);
    double h = 5.0 / 6 * -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) + 1.0 / 6 * Math.log(2);
    assertEquals(h, g.entropy(), 1e-12);
    assertEquals(0, g.best(0));
    assertEquals(0, g.best(1), "ties go to the smaller token");
    assertEquals(0.7, g.meanTopProbability(), 1e-12);
  }

  @Test
  void aPeriodicChainStillSettles() {
    GlobalBigram g = new GlobalBigram(new double[][] {{0, 1}, {1, 0}});
    assertArrayEquals(new double[] {0.5, 0.5}, g.stationary(), 1e-9);
  }

  @Test
  void theDirichletBigramDependsOnItsSeedOnly() {
    assertArrayEquals(GlobalBigram.dirichlet(8, 0.2, 3).row(5), GlobalBigram.dirichlet(8, 0.2, 3).row(5));
    assertEquals(false, java.util.Arrays.equals(GlobalBigram.dirichlet(8, 0.2, 3).row(5), GlobalBigram.dirichlet(8, 0.2, 4).row(5)));
  }

  @Test
  void wordsAreCountedWithABoundaryAndOnePseudoCount() {
    // Alphabet ids 3 (a) and 4 (b); token 2 is the boundary. Words: "ab", "a".
    GlobalBigram g = GlobalBigram.fromWords(List.of(new int[] {3, 4}, new int[] {3}), 2, 3);
    // boundary -> a twice, a -> b once, a -> boundary once, b -> boundary once; +1 everywhere.
    assertArrayEquals(new double[] {3.0 / 5, 1.0 / 5, 1.0 / 5}, g.row(2), 1e-12);
    assertArrayEquals(new double[] {1.0 / 5, 2.0 / 5, 2.0 / 5}, g.row(0), 1e-12);
    assertArrayEquals(new double[] {1.0 / 4, 1.0 / 4, 2.0 / 4}, g.row(1), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> GlobalBigram.fromWords(List.of(new int[] {5}), 2, 3));
  }
}
