package org.rulex.suite.hijack;

import java.util.ArrayList;
import java.util.List;
import org.rulex.suite.Draws;

/**
 * A probe of context against weights: a background drawn from the global bigram with the query
 * token q removed, into which (q, o) is planted m times and (q, b*) n times at random places, and
 * which ends on q. b* is q's most likely successor in the global bigram, o another token. A model
 * that copies from context answers o, one that recalls its weights answers b*.
 *
 * @param tokens x_1 .. x_{L}, the last one q
 */
public record HijackProbe(int[] tokens, int query, int planted, int best, int m, int n) {

  /** Draws a probe of {@code count} tokens (the last is q). */
  public static HijackProbe draw(GlobalBigram g, int count, int m, int n, Draws draws) {
    int v = g.size();
    int background = count - 1 - 2 * (m + n);
    if (m < 0 || n < 0 || background < 1)
      throw new IllegalArgumentException("a probe of " + count + " tokens has no room for m = " + m + ", n = " + n);
    // q is drawn from the stationary distribution among tokens whose b* is not q itself: planting (q, q) would add q's.
    double[] weights = g.stationary();
    for (int q = 0; q < v; q++) if (g.best(q) == q) weights[q] = 0;
    int q = draws.categorical(weights);
    int best = g.best(q);
    int o = draws.nextInt(v - 2); // uniform over the tokens other than q and b*
    for (int skip : new int[] {Math.min(q, best), Math.max(q, best)}) if (o >= skip) o++;

    int[] back = new int[background];
    double[] first = g.stationary();
    first[q] = 0;
    back[0] = draws.categorical(first);
    for (int t = 1; t < background; t++) {
      double[] row = g.row(back[t - 1]);
      row[q] = 0;
      back[t] = draws.categorical(nonZero(row, q));
    }
    // Each pair goes into one of the background+1 gaps, in a random order of o- and b*-pairs.
    List<Integer> pairs = new ArrayList<>();
    for (int i = 0; i < m; i++) pairs.add(o);
    for (int i = 0; i < n; i++) pairs.add(best);
    for (int i = pairs.size() - 1; i > 0; i--) java.util.Collections.swap(pairs, i, draws.nextInt(i + 1));
    int[] gap = new int[pairs.size()];
    for (int i = 0; i < gap.length; i++) gap[i] = draws.nextInt(background + 1);
    java.util.Arrays.sort(gap);
    int[] tokens = new int[count];
    int at = 0, next = 0;
    for (int t = 0; t <= background; t++) {
      while (next < gap.length && gap[next] == t) {
        tokens[at++] = q;
        tokens[at++] = pairs.get(next++);
      }
      if (t < background) tokens[at++] = back[t];
    }
    tokens[at] = q;
    return new HijackProbe(tokens, q, o, best, m, n);
  }

  /** A row with q removed that still has mass: if q took all of it, the other tokens uniformly. */
  private static double[] nonZero(double[] row, int q) {
    double sum = 0;
    for (double p : row) sum += p;
    if (sum > 0) return row;
    java.util.Arrays.fill(row, 1);
    row[q] = 0;
    return row;
  }
}
