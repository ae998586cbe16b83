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
    shares.add(ids, w, 0);
    assertEquals(1, shares.previousTokenShare(0), 1e-12);
    assertEquals(0, shares.inductionShare(0), 1e-12);
    assertEquals(2, shares.inductionPositions());
    assertEquals(1, shares.inductionShare(1), 1e-12);
    // Head 1 never looks at the previous token: its keys are i - 2 (at 4 and 5) or i itself.
    assertEquals(0, shares.previousTokenShare(1), 1e-12);
  }
}
