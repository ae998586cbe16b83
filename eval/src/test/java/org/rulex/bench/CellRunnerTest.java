package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellRunnerTest {
  private static final int A = 3;
  private static final int B = 4;

  private static int[] anbn(int n) {
    int[] w = new int[2 * n];
    for (int i = 0; i < 2 * n; i++) w[i] = i < n ? A : B;
    return w;
  }

  @Test
  void anIdPromptWhoseOnlyCompletionHasAHeldOutLengthIsNotJudged() {
    // a^3 b has one completion, a^3 b^3: with length 6 held out, no training word extends it; a^4 is extended by a^4 b^4
    int[] a3b = {A, A, A, B};
    int[] a4 = {A, A, A, A};
    List<int[]> train = List.of(anbn(2), anbn(4), anbn(5), anbn(4));
    List<int[]> kept = CellRunner.extendedByTraining(List.of(a3b, a4), train);
    assertEquals(1, kept.size());
    assertArrayEquals(a4, kept.get(0));
    assertEquals(2, CellRunner.extendedByTraining(List.of(a3b, a4), List.of(anbn(3), anbn(4))).size());
  }
}
