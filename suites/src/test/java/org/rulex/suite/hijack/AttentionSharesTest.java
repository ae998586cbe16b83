package org.rulex.suite.hijack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Shares of a previous-token head and an induction head written by hand. */
class AttentionSharesTest {

  @Test
  void aPreviousTokenHeadAndAnInductionHeadAreToldApart() {
    long[] ids = {1, 3, 4, 5, 3, 4}; // SOS a b c a b: a at 4 occurred at 1 (key 2), b at 5 at 2 (key 3)
    int t = ids.length, heads = 2;
    float[] w = new float[heads * t * t];
    for (int i = 0; i < t; i++) {
      // head 0: all on the previous token (on itself at 0)
      w[(0 * t + i) * t + Math.max(0, i - 1)] = 1;
      // head 1: all on the token after the previous occurrence, else on itself
      int s = AttentionShares.lastBefore(ids, i);
      w[(1 * t + i) * t + (s >= 1 && s + 1 < i ? s + 1 : i)] = 1;
    }
    AttentionShares shares = new AttentionShares(heads);
    shares.add(ids, w, 0, new long[] {3});
    assertEquals(1, shares.previousTokenShare(0), 1e-12);
    assertEquals(0, shares.inductionShare(0), 1e-12);
    assertEquals(2, shares.inductionPositions());
    assertEquals(1, shares.inductionShare(1), 1e-12);
    // Head 1 never looks at the previous token: its keys are i - 2 (at 4 and 5) or i itself.
    assertEquals(0, shares.previousTokenShare(1), 1e-12);
    // Only a (id 3) is a trigger: one trigger position (4), where head 1 is all on key 2.
    assertEquals(1, shares.triggerPositions());
    assertEquals(1, shares.triggerInductionShare(1), 1e-12);
    assertEquals(0, shares.triggerInductionShare(0), 1e-12);
  }

  @Test
  void atTriggerPositionsTheWeightAfterEveryEarlierOccurrenceCounts() {
    // SOS q o x q o y q: the trigger q (3) is followed by its output o (4); at position 7 the head
    // splits its weight between the keys after both earlier q's (2 and 5). Non-trigger repeats
    // (none here besides o at 5, whose earlier o at 2 has key 3 = x) do not count as trigger positions.
    long[] ids = {1, 3, 4, 5, 3, 4, 6, 3};
    int t = ids.length;
    float[] w = new float[t * t];
    for (int i = 0; i < t; i++) w[i * t + i] = 1;
    w[7 * t + 7] = 0;
    w[7 * t + 2] = 0.5f;
    w[7 * t + 5] = 0.5f;
    w[4 * t + 4] = 0;
    w[4 * t + 2] = 1;
    AttentionShares shares = new AttentionShares(1);
    shares.add(ids, w, 0, new long[] {3});
    assertEquals(2, shares.triggerPositions()); // q at 4 and at 7
    assertEquals(1, shares.triggerInductionShare(0), 1e-6);
    // The last-occurrence share sees only half at 7, and 0 at o's repeat (5): (1 + 0.5 + 0) / 3.
    assertEquals(3, shares.inductionPositions());
    assertEquals(1.5 / 3, shares.inductionShare(0), 1e-6);
  }
}
