package org.rulex.suite.hijack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.rulex.suite.Draws;

/** Hijack probes hold exactly the planted pairs, q nowhere else, and end on q. */
class HijackProbeTest {

  @Property(tries = 200)
  void exactlyMAndNPlantedPairsAndNoOtherQuery(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed, @ForAll @IntRange(min = 0, max = 5) int m, @ForAll @IntRange(min = 0, max = 5) int n,
      @ForAll @IntRange(min = 24, max = 130) int length) {
    GlobalBigram g = GlobalBigram.dirichlet(32, 0.2, seed % 3);
    HijackProbe p = HijackProbe.draw(g, length, m, n, Draws.of(seed, 7));
    int[] x = p.tokens();
    assertEquals(length, x.length);
    assertEquals(p.query(), x[length - 1], "the probe ends on q");
    assertEquals(g.best(p.query()), p.best());
    assertNotEquals(p.query(), p.best());
    assertNotEquals(p.query(), p.planted());
    assertNotEquals(p.best(), p.planted());
    int toO = 0, toBest = 0, queries = 0;
    for (int i = 0; i < length; i++) {
      assertTrue(x[i] >= 0 && x[i] < 32);
      if (x[i] != p.query()) continue;
      queries++;
      if (i == length - 1) continue;
      if (x[i + 1] == p.planted()) toO++;
      else if (x[i + 1] == p.best()) toBest++;
      else throw new AssertionError("q at " + i + " is followed by " + x[i + 1] + ", neither o nor b*");
    }
    assertEquals(m, toO);
    assertEquals(n, toBest);
    assertEquals(m + n + 1, queries, "q occurs only in the planted pairs and at the end");
  }

  @Test
  void tooShortAProbeIsRefused() {
    GlobalBigram g = GlobalBigram.dirichlet(32, 0.2, 0);
    assertThrows(IllegalArgumentException.class, () -> HijackProbe.draw(g, 9, 2, 2, new Draws(1)));
    assertEquals(10, HijackProbe.draw(g, 10, 2, 2, new Draws(1)).tokens().length);
  }

  /** o is uniform over the 30 tokens other than q and b*, and q follows the stationary distribution (restricted). */
  @Test
  void plantedOutputsCoverEveryOtherTokenEvenly() {
    GlobalBigram g = GlobalBigram.dirichlet(32, 0.2, 0);
    int[] seen = new int[32];
    int draws = 6000;
    for (int i = 0; i < draws; i++) {
      HijackProbe p = HijackProbe.draw(g, 20, 1, 0, Draws.of(5, i));
      seen[p.planted()]++;
    }
    int covered = 0;
    for (int c : seen) if (c > 0) covered++;
    assertEquals(32, covered, "every token is some probe's o");
    for (int c : seen) assertTrue(c < 3.0 * draws / 30, "o is far from uniform: " + c);
  }
}
