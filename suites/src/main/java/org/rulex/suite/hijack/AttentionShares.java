package org.rulex.suite.hijack;

/**
 * How much a head attends where the two heads of an induction circuit attend: to the previous
 * token (a previous-token head), and to the token after an earlier occurrence of the current token
 * (an induction head). Shares are means over query positions of attention weight; uniform causal
 * attention over 64 positions would give about 0.07 on one key.
 *
 * <p>Two induction shares are kept. The first, over every position whose token occurred before, is
 * the weight on the key after the last earlier occurrence; on this task most such positions hold a
 * non-trigger, whose next token the global bigram decides, so a head that copies there would hurt
 * and a trained model need not attend there. The second is taken at trigger positions only, the
 * positions the in-context accuracy is scored on (a trigger that occurred before): there every
 * earlier occurrence is followed by the same output, so the share sums the weight on the keys after
 * all earlier occurrences.
 */
public final class AttentionShares {
  private final int heads;
  private final double[] previous;
  private final double[] induction;
  private final double[] triggerInduction;
  private long previousCount;
  private long inductionCount;
  private long triggerCount;

  public AttentionShares(int heads) {
    this.heads = heads;
    previous = new double[heads];
    induction = new double[heads];
    triggerInduction = new double[heads];
  }

  /**
   * Adds one sequence: ids [T] as fed (SOS first), weights [H][T][T] of one layer (flattened
   * head-major, query-major), and the sequence's trigger tokens as ids. Induction positions are
   * those whose token occurred before at s with s + 1 < i (the key after the occurrence is not the
   * query itself).
   */
  public void add(long[] ids, float[] weights, int offset, long[] triggerIds) {
    int t = ids.length;
    for (int i = 1; i < t; i++) {
      for (int h = 0; h < heads; h++) previous[h] += weights[offset + (h * t + i) * t + i - 1];
      previousCount++;
      int s = lastBefore(ids, i);
      if (s >= 1 && s + 1 < i) {
        for (int h = 0; h < heads; h++) induction[h] += weights[offset + (h * t + i) * t + s + 1];
        inductionCount++;
        if (contains(triggerIds, ids[i])) {
          for (int h = 0; h < heads; h++) {
            double sum = 0;
            for (int e = s; e >= 1; e--) if (ids[e] == ids[i]) sum += weights[offset + (h * t + i) * t + e + 1]; // e <= s, so e + 1 < i
            triggerInduction[h] += sum;
          }
          triggerCount++;
        }
      }
    }
  }

  private static boolean contains(long[] values, long v) {
    for (long x : values) if (x == v) return true;
    return false;
  }

  /** The last position s in 1..i-1 holding the token at i, or -1. */
  static int lastBefore(long[] ids, int i) {
    for (int s = i - 1; s >= 1; s--) if (ids[s] == ids[i]) return s;
    return -1;
  }

  public double previousTokenShare(int head) {
    return previous[head] / previousCount;
  }

  /** Weight on the key after the last earlier occurrence, over all repeated positions. */
  public double inductionShare(int head) {
    return inductionCount == 0 ? Double.NaN : induction[head] / inductionCount;
  }

  /** Weight on the keys after all earlier occurrences, at repeated trigger positions. */
  public double triggerInductionShare(int head) {
    return triggerCount == 0 ? Double.NaN : triggerInduction[head] / triggerCount;
  }

  public long inductionPositions() {
    return inductionCount;
  }

  public long triggerPositions() {
    return triggerCount;
  }
}
