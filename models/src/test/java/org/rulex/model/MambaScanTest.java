package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mamba's scan in Java against its plain-Java oracle, the recurrence as the paper writes it in
 * double with Math.exp: the training form over whole sequences and the decoding form one token at
 * a time.
 */
class MambaScanTest {
  private static final int B = 5, T = 9, DI = 6, N = 4;

  /** Inputs of a scan: delta > 0 and u [B, T, Di], B and C [B, T, N], A [Di, N] < 0. */
  private record Inputs(float[] delta, float[] u, float[] bIn, float[] cOut, float[] a) {
    static Inputs random(long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      float[] delta = new float[B * T * DI], u = new float[B * T * DI], bIn = new float[B * T * N], cOut = new float[B * T * N], a = new float[DI * N];
      for (int i = 0; i < delta.length; i++) {
        delta[i] = (float) (0.001 + 2 * rnd.nextDouble()); // up to exp(-2 * 16 * 1.5): decays far from 1 too
        u[i] = (float) (rnd.nextDouble() * 4 - 2);
      }
      for (int i = 0; i < bIn.length; i++) {
        bIn[i] = (float) (rnd.nextDouble() * 2 - 1);
        cOut[i] = (float) (rnd.nextDouble() * 2 - 1);
      }
      for (int d = 0; d < DI; d++) for (int k = 0; k < N; k++) a[d * N + k] = (float) (-(k + 1) * (0.5 + rnd.nextDouble()));
      return new Inputs(delta, u, bIn, cOut, a);
    }
  }

  /** y [B, T, Di] by the definition: h_t = exp(delta_t A) h_{t-1} + delta_t B_t x_t, y_t = C_t h_t. */
  private static double[] oracle(Inputs in) {
    double[] y = new double[B * T * DI];
    for (int b = 0; b < B; b++) {
      for (int d = 0; d < DI; d++) {
        double[] h = new double[N];
        for (int t = 0; t < T; t++) {
          int at = (b * T + t) * DI + d, bt = (b * T + t) * N;
          double sum = 0;
          for (int k = 0; k < N; k++) {
            h[k] = Math.exp((double) in.delta()[at] * in.a()[d * N + k]) * h[k] + (double) in.delta()[at] * in.u()[at] * in.bIn()[bt + k];
            sum += (double) in.cOut()[bt + k] * h[k];
          }
          y[at] = sum;
        }
      }
    }
    return y;
  }

  @Test
  void theTrainingFormIsTheRecurrence() {
    for (long seed = 1; seed <= 3; seed++) {
      Inputs in = Inputs.random(seed);
      float[] y = new MambaScan(in.delta(), in.u(), in.bIn(), in.cOut(), in.a(), B, T, DI, N, null).y();
      double[] want = oracle(in);
      for (int i = 0; i < want.length; i++) assertEquals(want[i], y[i], 1e-5 * (1 + Math.abs(want[i])), "y at " + i + ", seed " + seed);
    }
  }

  @Test
  void decodingOneTokenAtATimeIsTheRecurrence() {
    for (long seed = 1; seed <= 3; seed++) {
      Inputs in = Inputs.random(seed);
      double[] want = oracle(in);
      MambaDecoder.Scan state = new MambaDecoder.Scan(in.a(), B, DI, N);
      for (int t = 0; t < T; t++) {
        // This token's inputs as rows over the batch: delta and u [Di][B], B and C [N][B].
        float[][] delta = new float[DI][B], u = new float[DI][B], bIn = new float[N][B], cOut = new float[N][B];
        for (int b = 0; b < B; b++) {
          for (int d = 0; d < DI; d++) {
            delta[d][b] = in.delta()[(b * T + t) * DI + d];
            u[d][b] = in.u()[(b * T + t) * DI + d];
          }
          for (int k = 0; k < N; k++) {
            bIn[k][b] = in.bIn()[(b * T + t) * N + k];
            cOut[k][b] = in.cOut()[(b * T + t) * N + k];
          }
        }
        float[][] y = state.step(delta, u, bIn, cOut);
        for (int b = 0; b < B; b++) {
          for (int d = 0; d < DI; d++) {
            double w = want[(b * T + t) * DI + d];
            assertEquals(w, y[d][b], 1e-5 * (1 + Math.abs(w)), "y at sequence " + b + ", token " + t + ", channel " + d + ", seed " + seed);
          }
        }
      }
    }
  }

  @Test
  void aDecodingStateRefusesAnAOfTheWrongSize() {
    assertThrows(IllegalArgumentException.class, () -> new MambaDecoder.Scan(new float[DI * N - 1], B, DI, N));
  }
}
