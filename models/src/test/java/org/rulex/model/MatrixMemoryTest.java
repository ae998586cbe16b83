package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MatrixMemory against its plain-Java oracle: the matrices held as they are written, C_t = f_t C_{t-1} + i_t k_t v_t^T, read out as q_t^T C_t. */
class MatrixMemoryTest {
  private static final int PAIRS = 5, DK = 3, DV = 4, STEPS = 7;

  @Test
  void everyStepReadsTheMatricesOfTheRecurrence() {
    for (boolean gated : new boolean[] {true, false}) {
      SplittableRandom rnd = new SplittableRandom(gated ? 1 : 2);
      MatrixMemory memory = new MatrixMemory(PAIRS, DK, DV);
      double[][][] c = new double[PAIRS][DK][DV];
      for (int t = 0; t < STEPS; t++) {
        float[] f = gated ? random(rnd, PAIRS, 0, 1) : null, i = gated ? random(rnd, PAIRS, 0, 2) : null;
        float[] k = random(rnd, PAIRS * DK, -1, 1), v = random(rnd, PAIRS * DV, -1, 1), q = random(rnd, PAIRS * DK, -1, 1);
        float[] read = memory.step(f, i, k, v, q);
        for (int p = 0; p < PAIRS; p++) {
          double fp = gated ? f[p] : 1, ip = gated ? i[p] : 1;
          for (int a = 0; a < DK; a++) for (int b = 0; b < DV; b++) c[p][a][b] = fp * c[p][a][b] + ip * k[p * DK + a] * v[p * DV + b];
          for (int b = 0; b < DV; b++) {
            double want = 0;
            for (int a = 0; a < DK; a++) want += q[p * DK + a] * c[p][a][b];
            assertEquals(want, read[p * DV + b], 1e-5 * (1 + Math.abs(want)), "pair " + p + ", column " + b + ", step " + t + (gated ? "" : ", f = i = 1"));
          }
        }
      }
    }
  }

  @Test
  void aStepOfTheWrongSizeIsRefused() {
    MatrixMemory memory = new MatrixMemory(PAIRS, DK, DV);
    assertThrows(IllegalArgumentException.class, () -> memory.step(null, null, new float[PAIRS * DK], new float[PAIRS * DK], new float[PAIRS * DK]));
    assertThrows(IllegalArgumentException.class, () -> memory.step(new float[PAIRS - 1], null, new float[PAIRS * DK], new float[PAIRS * DV], new float[PAIRS * DK]));
  }

  private static float[] random(SplittableRandom rnd, int n, double low, double high) {
    float[] x = new float[n];
    for (int j = 0; j < n; j++) x[j] = (float) (low + (high - low) * rnd.nextDouble());
    return x;
  }
}
