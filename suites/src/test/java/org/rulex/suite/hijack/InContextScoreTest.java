package org.rulex.suite.hijack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rulex.grammar.Vocabulary;

/** The in-context accuracy and global loss on a sequence written by hand. */
class InContextScoreTest {

  @Test
  void countsOutputsFromTheSecondOccurrenceAndLossesElsewhere() {
    int v = 6, ids = v + Vocabulary.FIRST_SYMBOL;
    double[][] p = new double[v][v];
    for (double[] row : p) java.util.Arrays.fill(row, 1.0 / v);
    for (int b = 0; b < v; b++) p[1][b] = b == 2 ? 0.5 : 0.1;
    GlobalBigram g = new GlobalBigram(p);
    // Trigger 5 -> 1. Positions whose previous token is 5: 1 (first occurrence), 4 and 7 (counted).
    int[] x = {5, 1, 2, 5, 1, 3, 5, 1};
    TriggeredSequence s = new TriggeredSequence(x, new int[] {5}, new int[] {1});
    float[][] logits = new float[x.length][ids];
    logits[4][1 + Vocabulary.FIRST_SYMBOL] = 5; // right at 4
    logits[7][2 + Vocabulary.FIRST_SYMBOL] = 5; // wrong at 7
    logits[1][0] = 9; // position 1 is no in-context position: its answer does not count
    InContextScore score = new InContextScore();
    score.add(s, g, logits);
    assertEquals(2, score.inContextPositions());
    assertEquals(0.5, score.inContextAccuracy(), 1e-12);
    // Global positions: 2 (after 1), 3 (after 2), 5 (after 1), 6 (after 3); logits there are all 0.
    assertEquals(4, score.globalPositions());
    assertEquals(Math.log(ids), score.globalLoss(), 1e-9);
    double oracle = -(Math.log(p[1][2]) + Math.log(p[2][5]) + Math.log(p[1][3]) + Math.log(p[3][5])) / 4;
    assertEquals(oracle, score.oracleLoss(), 1e-12);
  }
}
