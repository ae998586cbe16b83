package org.rulex.suite.hijack;

/**
 * How much a head attends where the two heads of an induction circuit attend: to the previous
 * token (a previous-token head), and to the token after the previous occurrence of the current
 * token (an induction head). Shares are means over query positions of the attention weight on
 * that one key; uniform causal attention over 64 positions would give about 0.07.
 */
public final class AttentionShares {
  private final int heads;
  private final double[] previous;
  private final double[] induction;
  private long previousCount;
  private long inductionCount;

  public AttentionShares(int heads) {
    this.heads = heads;
    previous = new double[heads];
    induction = new double[heads];
  }

  /**
   * Adds one sequence: ids [T] as fed (SOS first) and weights [H][T][T] of one layer (flattened
   * head-major, query-major). Induction positions are those whose token occurred before at s with
   * s + 1 < i (the key after the occurrence is not the query itself).
   */
  public void add(long[] ids, float[] weights, int offset) {
    int t = ids.length;
    for (int i = 1; i < t; i++) {
      for (int h = 0; h < heads; h++) previous[h] += weights[offset + (h * t + i) * t + i - 1];
      previousCount++;
      int s = lastBefore(ids, i);
      if (s >= 1 && s + 1 < i) {
        for (int h = 0; h < heads; h++) induction[h] += weights[offset + (h * t + i) * t + s + 1];
        inductionCount++;
      }
    }
  }

  /** The last position s in 1..i-1 holding the token at i, or -1. */
  static int lastBefore(long[] ids, int i) {
    for (int s = i - 1; s >= 1; s--) if (ids[s] == ids[i]) return s;
    return -1;
  }

  public double previousTokenShare(int head) {
    return previous[head] / previousCount;
  }

  public double inductionShare(int head) {
    return inductionCount == 0 ? Double.NaN : induction[head] / inductionCount;
  }

  public long inductionPositions() {
    return inductionCount;
  }
}
