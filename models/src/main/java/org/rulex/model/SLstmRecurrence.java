package org.rulex.model;

/**
 * The sLSTM cell's recurrence over whole sequences from the zero state, computed in Java with its
 * own backward pass (see {@link SLstmBlock} for the equations). In libtorch each of the T steps is
 * some twenty ops on arrays of a few thousand numbers, and the steps' ops and their backward
 * nodes cost far more in dispatch than in arithmetic; here a step is a few loops.
 *
 * <p>The loops run over time, outermost; within a step, over lanes, every (sequence, head, unit)
 * at once, so that the gating, which is the same arithmetic on every lane, is one loop the JIT
 * vectorises (its exponentials and logarithm by {@link FastExp}; with Math.exp and Math.log, one
 * value at a time, they took most of the time). Only the recurrent products h_{t-1} R, within
 * each (sequence, head), are short loops of their own.
 *
 * <p>Arithmetic is in double, stored as float. The backward pass holds the stabiliser m constant:
 * c and n are the unstabilised cell and normaliser times exp(-m), h = o c / n does not depend on
 * m, so the gradient with m held fixed is the true gradient (libtorch's, which also
 * differentiates through m, gives the same up to rounding, for the contributions through m
 * cancel).
 *
 * <p>Layouts: pre-activations W x + b [B, T, H, 4Dh] (i, f, z, o blocks of Dh), recurrent weights
 * R [H, Dh, 4Dh] (g = pre + h_{t-1} R), outputs h [B, T, H, Dh]. Lanes are (sequence, head, unit)
 * in that order, B H Dh of them.
 */
final class SLstmRecurrence {
  private final int batch;
  private final int steps;
  private final int heads;
  private final int dh;
  private final int lanes;
  private final double[] r; // R [H, Dh, 4Dh]
  private final float[] h;
  // Saved for the backward pass, [T, lanes] each (null when there is none).
  private final double[] c, n, forget, input, cell, out, forgetSlope;

  /** Runs the recurrence; {@code keep}: save what the backward pass needs. */
  SLstmRecurrence(float[] pre, float[] r, int batch, int steps, int heads, int dh, boolean keep) {
    this.batch = batch;
    this.steps = steps;
    this.heads = heads;
    this.dh = dh;
    this.lanes = batch * heads * dh;
    this.r = new double[r.length];
    for (int j = 0; j < r.length; j++) this.r[j] = r[j];
    h = new float[batch * steps * heads * dh];
    int saved = keep ? steps * lanes : 0;
    c = keep ? new double[saved] : null;
    n = keep ? new double[saved] : null;
    forget = keep ? new double[saved] : null;
    input = keep ? new double[saved] : null;
    cell = keep ? new double[saved] : null;
    out = keep ? new double[saved] : null;
    forgetSlope = keep ? new double[saved] : null;
    double[] gi = new double[lanes], gf = new double[lanes], gz = new double[lanes], go = new double[lanes];
    double[] cs = new double[lanes], ns = new double[lanes], ms = new double[lanes], hs = new double[lanes];
    java.util.Arrays.fill(ms, Layer.NEGATIVE); // "minus infinity": the first step takes m = i~
    // Per lane: exp(-|f~|) and log(1 + it), the exponents and then the exponentials of the gates.
    double[] e = new double[lanes], log1p = new double[lanes];
    double[][] exponent = new double[7][lanes], exp = new double[7][lanes];
    float[] g = new float[4 * dh];
    for (int t = 0; t < steps; t++) {
      preActivations(pre, t, r, g, gi, gf, gz, go);
      double[] x = exponent[0];
      for (int l = 0; l < lanes; l++) x[l] = -Math.abs(gf[l]);
      FastExp.exps(x, e);
      for (int l = 0; l < lanes; l++) log1p[l] = FastExp.log1pUnit(e[l]);
      double[] forgetAt = exponent[0], inputAt = exponent[1], slopeAt = exponent[2];
      for (int l = 0; l < lanes; l++) {
        double fRaw = gf[l];
        double decayed = Math.min(fRaw, 0) - log1p[l] + ms[l]; // log sigmoid(f~) + m_{t-1}, without overflow
        double m = Math.max(decayed, gi[l]); // of the two gates, one is exp(0) = 1
        ms[l] = m;
        forgetAt[l] = decayed - m;
        inputAt[l] = gi[l] - m;
        slopeAt[l] = -Math.max(fRaw, 0); // sigmoid(-f~) = exp(-max(f~, 0)) / (1 + exp(-|f~|))
      }
      FastExp.sigmoidExponents(gz, 2, exponent[3], exponent[4]); // tanh(z~) = 2 sigmoid(2 z~) - 1
      FastExp.sigmoidExponents(go, 1, exponent[5], exponent[6]);
      for (int k = 0; k < 7; k++) FastExp.exps(exponent[k], exp[k]);
      double[] f = exp[0], i = exp[1], slope = exp[2], za = exp[3], zb = exp[4], oa = exp[5], ob = exp[6];
      int at = t * lanes;
      for (int l = 0; l < lanes; l++) {
        double z = (za[l] - zb[l]) / (za[l] + zb[l]);
        double o = oa[l] / (oa[l] + ob[l]);
        double cNext = f[l] * cs[l] + i[l] * z;
        double nNext = f[l] * ns[l] + i[l];
        cs[l] = cNext;
        ns[l] = nNext;
        hs[l] = o * (cNext / nNext);
        if (keep) {
          cell[at + l] = z;
          out[at + l] = o;
        }
      }
      if (keep) {
        System.arraycopy(cs, 0, c, at, lanes);
        System.arraycopy(ns, 0, n, at, lanes);
        System.arraycopy(f, 0, forget, at, lanes);
        System.arraycopy(i, 0, input, at, lanes);
        for (int l = 0; l < lanes; l++) forgetSlope[at + l] = slope[l] / (1 + e[l]);
      }
      int row = heads * dh;
      for (int b = 0; b < batch; b++) {
        int to = (b * steps + t) * row, from = b * row;
        for (int j = 0; j < row; j++) h[to + j] = (float) hs[from + j];
      }
    }
  }

  /**
   * The gates' pre-activations at step t > 0, W x + b + h_{t-1} R, into the four lane arrays; at t =
   * 0 (the zero state) W x + b. The product in float, from the outputs h as stored, as libtorch's
   * forms compute it: eight lanes a vector instead of four.
   */
  private void preActivations(float[] pre, int t, float[] rFloat, float[] g, double[] gi, double[] gf, double[] gz, double[] go) {
    int width = 4 * dh, row = heads * dh;
    for (int b = 0; b < batch; b++) {
      for (int hd = 0; hd < heads; hd++) {
        int preBase = ((b * steps + t) * heads + hd) * width;
        for (int j = 0; j < width; j++) g[j] = pre[preBase + j];
        int lane = (b * heads + hd) * dh;
        if (t > 0) {
          int rBase = hd * dh * width, hPrev = (b * steps + t - 1) * row + hd * dh;
          for (int k = 0; k < dh; k++) {
            float hk = h[hPrev + k];
            int rk = rBase + k * width;
            for (int j = 0; j < width; j++) g[j] += hk * rFloat[rk + j];
          }
        }
        for (int u = 0; u < dh; u++) {
          gi[lane + u] = g[u];
          gf[lane + u] = g[dh + u];
          gz[lane + u] = g[2 * dh + u];
          go[lane + u] = g[3 * dh + u];
        }
      }
    }
  }

  /** The outputs h [B, T, H, Dh]. */
  float[] h() {
    return h;
  }

  /**
   * The backward pass: from dL/dh [B, T, H, Dh], dL/dpre [B, T, H, 4Dh] into {@code dPre} (set).
   * dL/dR [H, Dh, 4Dh] is the sum over steps t > 0 of h_{t-1}^T dL/dpre_t, one matrix product per
   * head, which the caller computes (in libtorch, faster than these loops would).
   */
  void backward(float[] dH, float[] dPre) {
    if (c == null) throw new IllegalStateException("the recurrence ran without keeping what its backward pass needs");
    int width = 4 * dh, row = heads * dh;
    double[] dhu = new double[lanes], dhNext = new double[lanes], dcCarry = new double[lanes], dnCarry = new double[lanes];
    double[] dgi = new double[lanes], dgf = new double[lanes], dgz = new double[lanes], dgo = new double[lanes];
    double[] zeros = new double[lanes];
    double[] g = new double[width];
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        int from = (b * steps + t) * row, to = b * row;
        for (int j = 0; j < row; j++) dhu[to + j] = dH[from + j] + dhNext[to + j];
      }
      int at = t * lanes, prev = (t - 1) * lanes;
      double[] cp = t > 0 ? c : zeros, np = t > 0 ? n : zeros;
      int pp = t > 0 ? prev : 0;
      for (int l = 0; l < lanes; l++) {
        double d = dhu[l];
        double cu = c[at + l], nu = n[at + l], o = out[at + l], f = forget[at + l], i = input[at + l], z = cell[at + l];
        double dOut = d * (cu / nu);
        double dc = d * o / nu + dcCarry[l];
        double dn = -d * o * cu / (nu * nu) + dnCarry[l];
        double dForget = dc * cp[pp + l] + dn * np[pp + l];
        double dInput = dc * z + dn;
        dgi[l] = dInput * i;
        dgf[l] = dForget * f * forgetSlope[at + l];
        dgz[l] = dc * i * (1 - z * z);
        dgo[l] = dOut * o * (1 - o);
        dcCarry[l] = dc * f;
        dnCarry[l] = dn * f;
      }
      // dL/dpre at t and dL/dh_{t-1} = R dg within each (sequence, head).
      for (int b = 0; b < batch; b++) {
        for (int hd = 0; hd < heads; hd++) {
          int lane = (b * heads + hd) * dh;
          for (int u = 0; u < dh; u++) {
            g[u] = dgi[lane + u];
            g[dh + u] = dgf[lane + u];
            g[2 * dh + u] = dgz[lane + u];
            g[3 * dh + u] = dgo[lane + u];
          }
          int preBase = ((b * steps + t) * heads + hd) * width;
          for (int j = 0; j < width; j++) dPre[preBase + j] = (float) g[j];
          if (t == 0) continue;
          int rBase = hd * dh * width;
          // R dg: each sum in four interleaved parts (a single running sum is a chain of dependent additions).
          for (int k = 0; k < dh; k++) {
            int rk = rBase + k * width;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int j = 0;
            for (; j + 3 < width; j += 4) {
              s0 += r[rk + j] * g[j];
              s1 += r[rk + j + 1] * g[j + 1];
              s2 += r[rk + j + 2] * g[j + 2];
              s3 += r[rk + j + 3] * g[j + 3];
            }
            for (; j < width; j++) s0 += r[rk + j] * g[j];
            dhNext[lane + k] = (s0 + s1) + (s2 + s3);
          }
        }
      }
      if (t == 0) java.util.Arrays.fill(dhNext, 0);
    }
  }
}
