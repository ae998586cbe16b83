package org.rulex.model;

/**
 * Mamba's selective scan over whole sequences from the zero state, computed in Java with its own
 * backward pass (see {@link Mamba} for the recurrence). In libtorch each of the T steps is several
 * ops on [B, Di, N] arrays with backward nodes of their own; here the scan is one loop per
 * (sequence, channel) pair whose state of N numbers stays in registers and the first-level cache.
 *
 * <p>Layouts: delta and u [B, T, Di], B and C [B, T, N], A [Di, N] (negative); the read-out C h
 * [B, T, Di]. Products and sums in float, as libtorch's are; the decays exp(delta A) by {@link
 * FastExp#exps}, which the JIT vectorises (Math.exp is not, and took half of the scan's time).
 */
final class MambaScan {
  private final int batch;
  private final int steps;
  private final int di;
  private final int n;
  private final float[] delta, u, bIn, cOut, a;
  private final float[] y;
  // Saved for the backward pass, [B, Di, T, N] each (null when there is none).
  private final float[] decays, states;

  /**
   * The arrays a scan saves for its backward pass, kept by the layer that runs it and reused from
   * one training step to the next while their size stays the same: fresh arrays of megabytes cost
   * more in zeroing and page faults than the scan takes to write them. The next forward pass of the
   * layer may overwrite them, which {@link TrainableModel} allows only after the backward pass.
   */
  static final class Saved {
    private float[] decays, states;
  }

  /** Runs the scan; {@code keep} (not null): save what the backward pass needs, in these arrays. */
  MambaScan(float[] delta, float[] u, float[] bIn, float[] cOut, float[] a, int batch, int steps, int di, int n, Saved keep) {
    this.batch = batch;
    this.steps = steps;
    this.di = di;
    this.n = n;
    this.delta = delta;
    this.u = u;
    this.bIn = bIn;
    this.cOut = cOut;
    this.a = a;
    y = new float[batch * steps * di];
    int size = batch * di * steps * n;
    if (keep != null && (keep.decays == null || keep.decays.length != size)) {
      keep.decays = new float[size];
      keep.states = new float[size];
    }
    decays = keep == null ? null : keep.decays;
    states = keep == null ? null : keep.states;
    float[] h = new float[n];
    double[] exponents = new double[steps * n], decay = new double[steps * n];
    for (int b = 0; b < batch; b++) {
      for (int d = 0; d < di; d++) {
        java.util.Arrays.fill(h, 0);
        int aBase = d * n;
        for (int t = 0; t < steps; t++) {
          float dl = delta[(b * steps + t) * di + d];
          for (int k = 0; k < n; k++) exponents[t * n + k] = dl * a[aBase + k];
        }
        FastExp.exps(exponents, decay);
        if (keep != null) for (int j = 0, saved = (b * di + d) * steps * n; j < steps * n; j++) decays[saved + j] = (float) decay[j];
        for (int t = 0; t < steps; t++) {
          int at = (b * steps + t) * di + d;
          float dl = delta[at];
          float drive = dl * u[at]; // delta x
          int bt = (b * steps + t) * n;
          int saved = ((b * di + d) * steps + t) * n;
          float sum = 0;
          for (int k = 0; k < n; k++) {
            float next = (float) decay[t * n + k] * h[k] + drive * bIn[bt + k];
            h[k] = next;
            sum += next * cOut[bt + k];
            if (keep != null) states[saved + k] = next;
          }
          y[at] = sum;
        }
      }
    }
  }

  /** The read-out C h [B, T, Di]. */
  float[] y() {
    return y;
  }

  /**
   * The backward pass from dL/dy [B, T, Di]: the gradients of delta and u [B, T, Di], B and C [B,
   * T, N] and A [Di, N], written into the given arrays.
   */
  void backward(float[] dy, float[] dDelta, float[] dU, float[] dB, float[] dC, float[] dA) {
    if (states == null) throw new IllegalStateException("the scan ran without keeping what its backward pass needs");
    java.util.Arrays.fill(dB, 0);
    java.util.Arrays.fill(dC, 0);
    java.util.Arrays.fill(dA, 0);
    int block = steps * n;
    float[] carry = new float[n], dh = new float[block], dExponent = new float[block];
    for (int b = 0; b < batch; b++) {
      for (int d = 0; d < di; d++) {
        int aBase = d * n, base = (b * di + d) * block;
        // The sequential part alone: dL/dh_t = C_t dy_t + exp(delta_{t+1} A) dL/dh_{t+1}.
        java.util.Arrays.fill(carry, 0);
        for (int t = steps - 1; t >= 0; t--) {
          float g = dy[(b * steps + t) * di + d];
          int bt = (b * steps + t) * n, row = t * n;
          for (int k = 0; k < n; k++) {
            float dhk = g * cOut[bt + k] + carry[k];
            dh[row + k] = dhk;
            carry[k] = dhk * decays[base + row + k];
          }
        }
        // d exp(delta A) = exp(delta A) d(delta A), over the whole block at once (h_0 = 0: none at t = 0).
        for (int j = n; j < block; j++) dExponent[j] = dh[j] * states[base + j - n] * decays[base + j];
        for (int t = 0; t < steps; t++) {
          int at = (b * steps + t) * di + d;
          float dl = delta[at], drive = dl * u[at], g = dy[at];
          int bt = (b * steps + t) * n, row = t * n;
          float dDrive = 0, dDl = 0;
          for (int k = 0; k < n; k++) {
            dC[bt + k] += g * states[base + row + k];
            dB[bt + k] += dh[row + k] * drive;
            dDrive += dh[row + k] * bIn[bt + k];
          }
          if (t > 0) {
            for (int k = 0; k < n; k++) {
              dA[aBase + k] += dExponent[row + k] * dl;
              dDl += dExponent[row + k] * a[aBase + k];
            }
          }
          dDelta[at] = dDl + dDrive * u[at];
          dU[at] = dDrive * dl;
        }
      }
    }
  }
}
