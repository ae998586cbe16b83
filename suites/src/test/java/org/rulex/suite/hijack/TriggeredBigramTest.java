package org.rulex.suite.hijack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.rulex.suite.Draws;

/** The generator of triggered-bigram sequences: its rules always, its statistics in the long run. */
class TriggeredBigramTest {

  @Property(tries = 60)
  void afterATriggerItsOutputAlwaysFollows(@ForAll @LongRange(min = 0, max = 1_000_000) long seed, @ForAll @IntRange(min = 1, max = 7) int k) {
    GlobalBigram g = GlobalBigram.dirichlet(8, 0.2, seed % 5);
    TriggeredSequence s = new TriggeredBigram(g, k, 64).draw(Draws.of(seed, 1));
    assertEquals(64, s.tokens().length);
    assertEquals(k, s.triggers().length);
    Set<Integer> distinct = new HashSet<>();
    for (int q : s.triggers()) distinct.add(q);
    assertEquals(k, distinct.size(), "triggers are drawn without replacement");
    int[] x = s.tokens();
    for (int t = 1; t < x.length; t++) {
      assertTrue(x[t] >= 0 && x[t] < 8);
      int out = s.outputOf(x[t - 1]);
      if (out >= 0) assertEquals(out, x[t], "position " + t + " after trigger " + x[t - 1]);
      else assertTrue(g.probability(x[t - 1], x[t]) > 0, "a transition the bigram cannot make");
    }
  }

  @Test
  void theSameDrawsGiveTheSameSequence() {
    TriggeredBigram gen = new TriggeredBigram(GlobalBigram.dirichlet(32, 0.2, 0), 3, 64);
    assertArrayEquals(gen.draw(Draws.of(4, 1, 2)).tokens(), gen.draw(Draws.of(4, 1, 2)).tokens());
  }

  /**
   * Pearson's chi-square of the non-trigger transitions against the bigram, cells with an expected
   * count of at least 5, below the 0.999 quantile (Wilson-Hilferty) of its degrees of freedom.
   */
  @Test
  void nonTriggerTransitionsFollowTheBigram() {
    int v = 8;
    GlobalBigram g = GlobalBigram.dirichlet(v, 0.5, 3);
    TriggeredBigram gen = new TriggeredBigram(g, 3, 64);
    long[][] counts = new long[v][v];
    long[] rows = new long[v];
    for (int i = 0; i < 3000; i++) {
      TriggeredSequence s = gen.draw(Draws.of(9, i));
      int[] x = s.tokens();
      for (int t = 1; t < x.length; t++)
        if (s.outputOf(x[t - 1]) < 0) {
          counts[x[t - 1]][x[t]]++;
          rows[x[t - 1]]++;
        }
    }
    double chi = chiSquare(g, counts, rows);
    assertTrue(chi < quantile999(df(g, rows)), "chi-square " + chi + " with " + df(g, rows) + " degrees of freedom");
    // The same statistic tells a wrong bigram apart: it can fail.
    GlobalBigram other = GlobalBigram.dirichlet(v, 0.5, 4);
    assertTrue(chiSquare(other, counts, rows) > quantile999(df(other, rows)), "the test cannot tell another bigram apart");
  }

  private static double chiSquare(GlobalBigram g, long[][] counts, long[] rows) {
    double chi = 0;
    for (int q = 0; q < counts.length; q++)
      for (int b = 0; b < counts.length; b++) {
        double e = rows[q] * g.probability(q, b);
        if (e >= 5) chi += (counts[q][b] - e) * (counts[q][b] - e) / e;
      }
    return chi;
  }

  private static int df(GlobalBigram g, long[] rows) {
    int cells = 0, used = 0;
    for (int q = 0; q < rows.length; q++) {
      int c = 0;
      for (int b = 0; b < rows.length; b++) if (rows[q] * g.probability(q, b) >= 5) c++;
      if (c > 0) used++;
      cells += c;
    }
    return cells - used;
  }

  private static double quantile999(int df) {
    double z = 3.090, a = 2.0 / (9 * df);
    return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
  }
}
