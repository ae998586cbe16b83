package org.rulex.model;

/**
 * The sLSTM cell's recurrence over whole sequences from the zero state, computed in Java with its
 * own backward pass (see {@link SLstmBlock} for the equations). In libtorch each of the T steps is
 * some twenty ops on arrays of a few thousand numbers, and the steps' ops and their backward
 * nodes cost far more in dispatch than in arithmetic; here a step is a few loops.
 *
 * <p>Each (sequence, head) pair is an independent recurrence over its Dh units. Arithmetic is in
 * double, stored as float. The backward pass holds the stabiliser m constant: c and n are the
 * unstabilised cell and normaliser times exp(-m), h = o c / n does not depend on m, so the
 * gradient with m held fixed is the true gradient (libtorch's, which also differentiates through
 * m, gives the same up to rounding, for the contributions through m cancel).
 *
 * <p>Layouts: pre-activations W x + b [B, T, H, 4Dh] (i, f, z, o blocks of Dh), recurrent weights
 * R [H, Dh, 4Dh] (g = pre + h_{t-1} R), outputs h [B, T, H, Dh].
 */
final class SLstmRecurrence {
  private final int batch;
  private final int steps;
  private final int heads;
  private final int dh;
  private final float[] r;
  private final float[] h;
  // Saved for the backward pass, [B, T, H, Dh] each (null when there is none).
  private final float[] c, n, forget, input, cell, out, forgetSlope;

  /** Runs the recurrence; {@code keep}: save what the backward pass needs. */
  SLstmRecurrence(float[] pre, float[] r, int batch, int steps, int heads, int dh, boolean keep) {
    this.batch = batch;
    this.steps = steps;
    this.heads = heads;
    this.dh = dh;
    this.r = r;
    int size = batch * steps * heads * dh;
    h = new float[size];
    c = keep ? new float[size] : null;
    n = keep ? new float[size] : null;
    forget = keep ? new float[size] : null;
    input = keep ? new float[size] : null;
    cell = keep ? new float[size] : null;
    out = keep ? new float[size] : null;
    forgetSlope = keep ? new float[size] : null;
    double[] g = new double[4 * dh];
    double[] cs = new double[dh], ns = new double[dh], ms = new double[dh], hs = new double[dh];
    for (int b = 0; b < batch; b++) {
      for (int hd = 0; hd < heads; hd++) {
        java.util.Arrays.fill(cs, 0);
        java.util.Arrays.fill(ns, 0);
        java.util.Arrays.fill(hs, 0);
        java.util.Arrays.fill(ms, Layer.NEGATIVE); // "minus infinity": the first step takes m = i~
        int rBase = hd * dh * 4 * dh;
        for (int t = 0; t < steps; t++) {
          int row = (b * steps + t) * heads + hd;
          int preBase = row * 4 * dh;
          for (int j = 0; j < 4 * dh; j++) g[j] = pre[preBase + j];
          if (t > 0) {
            for (int k = 0; k < dh; k++) {
              double hk = hs[k];
              int rk = rBase + k * 4 * dh;
              for (int j = 0; j < 4 * dh; j++) g[j] += hk * r[rk + j];
            }
          }
          int base = row * dh;
          for (int u = 0; u < dh; u++) {
            double iRaw = g[u], fRaw = g[dh + u], zRaw = g[2 * dh + u], oRaw = g[3 * dh + u];
            // Only exp and log, which the JIT compiles to intrinsics (log1p and tanh are several times
            // slower); in double, log(1 + e) for small e and 1 - 2 / (exp(2z) + 1) lose nothing a float keeps.
            double e = Math.exp(-Math.abs(fRaw));
            double logSigmoidF = (fRaw >= 0 ? 0 : fRaw) - Math.log(1 + e); // log sigmoid(f~), without overflow
            double sigmoidMinusF = (fRaw >= 0 ? e : 1) / (1 + e); // sigmoid(-f~)
            double decayed = logSigmoidF + ms[u];
            double m, f, i; // m = max(decayed, i~); of the two gates exp(decayed - m) and exp(i~ - m), one is 1
            if (decayed >= iRaw) {
              m = decayed;
              f = 1;
              i = Math.exp(iRaw - decayed);
            } else {
              m = iRaw;
              f = Math.exp(decayed - iRaw);
              i = 1;
            }
            double z = 1 - 2 / (Math.exp(2 * zRaw) + 1); // tanh
            double o = 1 / (1 + Math.exp(-oRaw));
            double cNext = f * cs[u] + i * z;
            double nNext = f * ns[u] + i;
            double hNext = o * (cNext / nNext);
            cs[u] = cNext;
            ns[u] = nNext;
            ms[u] = m;
            hs[u] = hNext;
            h[base + u] = (float) hNext;
            if (keep) {
              c[base + u] = (float) cNext;
              n[base + u] = (float) nNext;
              forget[base + u] = (float) f;
              input[base + u] = (float) i;
              cell[base + u] = (float) z;
              out[base + u] = (float) o;
              forgetSlope[base + u] = (float) sigmoidMinusF;
            }
          }
        }
      }
    }
  }

  /** The outputs h [B, T, H, Dh]. */
  float[] h() {
    return h;
  }

  /**
   * The backward pass: from dL/dh [B, T, H, Dh], dL/dpre [B, T, H, 4Dh] into {@code dPre} (set)
   * and dL/dR [H, Dh, 4Dh] into {@code dR} (set).
   */
  void backward(float[] dH, float[] dPre, float[] dR) {
    if (c == null) throw new IllegalStateException("the recurrence ran without keeping what its backward pass needs");
    double[] dRSum = new double[dR.length];
    double[] dhNext = new double[dh], dcCarry = new double[dh], dnCarry = new double[dh], dg = new double[4 * dh];
    for (int b = 0; b < batch; b++) {
      for (int hd = 0; hd < heads; hd++) {
        java.util.Arrays.fill(dhNext, 0);
        java.util.Arrays.fill(dcCarry, 0);
        java.util.Arrays.fill(dnCarry, 0);
        int rBase = hd * dh * 4 * dh;
        for (int t = steps - 1; t >= 0; t--) {
          int row = (b * steps + t) * heads + hd;
          int base = row * dh;
          int prev = ((b * steps + t - 1) * heads + hd) * dh; // valid for t > 0
          for (int u = 0; u < dh; u++) {
            double dhu = dH[base + u] + dhNext[u];
            double cu = c[base + u], nu = n[base + u], o = out[base + u], f = forget[base + u], i = input[base + u], z = cell[base + u];
            double cPrev = t > 0 ? c[prev + u] : 0, nPrev = t > 0 ? n[prev + u] : 0;
            double dOut = dhu * (cu / nu);
            double dc = dhu * o / nu + dcCarry[u];
            double dn = -dhu * o * cu / (nu * nu) + dnCarry[u];
            double dForget = dc * cPrev + dn * nPrev;
            double dInput = dc * z + dn;
            dg[u] = dInput * i;
            dg[dh + u] = dForget * f * forgetSlope[base + u];
            dg[2 * dh + u] = dc * i * (1 - z * z);
            dg[3 * dh + u] = dOut * o * (1 - o);
            dcCarry[u] = dc * f;
            dnCarry[u] = dn * f;
          }
          int preBase = row * 4 * dh;
          for (int j = 0; j < 4 * dh; j++) dPre[preBase + j] = (float) dg[j];
          for (int k = 0; k < dh; k++) {
            int rk = rBase + k * 4 * dh;
            double sum = 0;
            for (int j = 0; j < 4 * dh; j++) sum += r[rk + j] * dg[j];
            dhNext[k] = t > 0 ? sum : 0;
            if (t > 0) {
              double hk = h[prev + k];
              for (int j = 0; j < 4 * dh; j++) dRSum[rk + j] += hk * dg[j];
            }
          }
        }
      }
    }
    for (int j = 0; j < dR.length; j++) dR[j] = (float) dRSum[j];
  }
}
