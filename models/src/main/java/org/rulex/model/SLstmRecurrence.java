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
  private final double[] r; // R [H, Dh, 4Dh] in double, for the backward pass (null when there is none)
  private final float[] h;
  // Saved for the backward pass, [T][lanes] each (null when there is none): a row per step, so that
  // the backward pass's loops over lanes index every array alike, which the JIT vectorises.
  private final double[][] c, n, forget, input, cell, out, forgetSlope;

  /** Runs the recurrence; {@code keep}: save what the backward pass needs. */
  SLstmRecurrence(float[] pre, float[] r, int batch, int steps, int heads, int dh, boolean keep) {
    this.batch = batch;
    this.steps = steps;
    this.heads = heads;
    this.dh = dh;
    this.lanes = batch * heads * dh;
    this.r = keep ? new double[r.length] : null; // for the backward pass only
    if (keep) for (int j = 0; j < r.length; j++) this.r[j] = r[j];
    h = new float[batch * steps * heads * dh];
    c = keep ? new double[steps][lanes] : null;
    n = keep ? new double[steps][lanes] : null;
    forget = keep ? new double[steps][lanes] : null;
    input = keep ? new double[steps][lanes] : null;
    cell = keep ? new double[steps][lanes] : null;
    out = keep ? new double[steps][lanes] : null;
    forgetSlope = keep ? new double[steps][lanes] : null;
    double[] gi = new double[lanes], gf = new double[lanes], gz = new double[lanes], go = new double[lanes];
    double[] cs = new double[lanes], ns = new double[lanes], ms = new double[lanes], hs = new double[lanes];
    java.util.Arrays.fill(ms, Layer.NEGATIVE); // "minus infinity": the first step takes m = i~
    // Per lane: exp(-|f~|), log(1 + it), then exp(-|x|) for the gates' x (FastExp.belowZero and
    // aboveZero give exp(min(x, 0)) and exp(-max(x, 0)) from it).
    double[] e = new double[lanes], log1p = new double[lanes], x = new double[lanes];
    double[] gap = new double[lanes], eGap = new double[lanes], eZ = new double[lanes], eO = new double[lanes];
    double[] fs = new double[lanes], is = new double[lanes], zs = new double[lanes], os = new double[lanes]; // the gates and tanh(z~)
    float[] g = new float[4 * dh];
    // R as one row of 4Dh per (head, unit): the product's inner loop then indexes g and its row alike, which the JIT vectorises (with R's offset it stayed scalar).
    float[][] rRows = Layer.rows(r, 4 * dh);
    for (int t = 0; t < steps; t++) {
      preActivations(pre, t, rRows, g, gi, gf, gz, go);
      for (int l = 0; l < lanes; l++) x[l] = -Math.abs(gf[l]);
      FastExp.exps(x, e);
      for (int l = 0; l < lanes; l++) log1p[l] = FastExp.log1pUnit(e[l]);
      for (int l = 0; l < lanes; l++) {
        double decayed = Math.min(gf[l], 0) - log1p[l] + ms[l]; // log sigmoid(f~) + m_{t-1}, without overflow
        ms[l] = Math.max(decayed, gi[l]);
        gap[l] = decayed - gi[l]; // the forget gate exp(decayed - m) and the input gate exp(i~ - m): one is 1, the other exp(-|gap|)
        x[l] = -Math.abs(gap[l]);
      }
      FastExp.exps(x, eGap);
      for (int l = 0; l < lanes; l++) x[l] = -2 * Math.abs(gz[l]); // tanh(z~) = 2 sigmoid(2 z~) - 1
      FastExp.exps(x, eZ);
      for (int l = 0; l < lanes; l++) x[l] = -Math.abs(go[l]);
      FastExp.exps(x, eO);
      // Small loops, each of which the JIT vectorises (one loop of all of it it would not).
      for (int l = 0; l < lanes; l++) {
        fs[l] = FastExp.belowZero(eGap[l], gap[l]);
        is[l] = FastExp.aboveZero(eGap[l], gap[l]);
      }
      for (int l = 0; l < lanes; l++) {
        double za = FastExp.belowZero(eZ[l], 2 * gz[l]), zb = FastExp.aboveZero(eZ[l], 2 * gz[l]);
        zs[l] = (za - zb) / (za + zb);
      }
      for (int l = 0; l < lanes; l++) {
        double oa = FastExp.belowZero(eO[l], go[l]), ob = FastExp.aboveZero(eO[l], go[l]);
        os[l] = oa / (oa + ob);
      }
      for (int l = 0; l < lanes; l++) {
        double cNext = fs[l] * cs[l] + is[l] * zs[l];
        double nNext = fs[l] * ns[l] + is[l];
        cs[l] = cNext;
        ns[l] = nNext;
        hs[l] = os[l] * (cNext / nNext);
      }
      if (keep) {
        System.arraycopy(cs, 0, c[t], 0, lanes);
        System.arraycopy(ns, 0, n[t], 0, lanes);
        System.arraycopy(fs, 0, forget[t], 0, lanes);
        System.arraycopy(is, 0, input[t], 0, lanes);
        System.arraycopy(zs, 0, cell[t], 0, lanes);
        System.arraycopy(os, 0, out[t], 0, lanes);
        // sigmoid(-f~) = exp(-max(f~, 0)) / (1 + exp(-|f~|))
        double[] slope = forgetSlope[t];
        for (int l = 0; l < lanes; l++) slope[l] = FastExp.aboveZero(e[l], gf[l]) / (1 + e[l]);
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
  private void preActivations(float[] pre, int t, float[][] rRows, float[] g, double[] gi, double[] gf, double[] gz, double[] go) {
    int width = 4 * dh, row = heads * dh;
    for (int b = 0; b < batch; b++) {
      for (int hd = 0; hd < heads; hd++) {
        int preBase = ((b * steps + t) * heads + hd) * width;
        System.arraycopy(pre, preBase, g, 0, width);
        int lane = (b * heads + hd) * dh;
        if (t > 0) {
          int hPrev = (b * steps + t - 1) * row + hd * dh;
          for (int k = 0; k < dh; k++) {
            float hk = h[hPrev + k];
            float[] rk = rRows[hd * dh + k];
            for (int j = 0; j < width; j++) g[j] += hk * rk[j];
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
    double[] zeros = new double[lanes], dOut = new double[lanes], dcs = new double[lanes], dns = new double[lanes];
    double[] g = new double[width];
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        int from = (b * steps + t) * row, to = b * row;
        for (int j = 0; j < row; j++) dhu[to + j] = dH[from + j] + dhNext[to + j];
      }
      double[] cp = t > 0 ? c[t - 1] : zeros, np = t > 0 ? n[t - 1] : zeros;
      double[] ct = c[t], nt = n[t], ft = forget[t], it = input[t], zt = cell[t], ot = out[t], slope = forgetSlope[t];
      // Two loops the JIT vectorises (one loop of all of it it would not): dL/dc and dL/dn, then the gates' gradients.
      for (int l = 0; l < lanes; l++) {
        double d = dhu[l], nu = nt[l], o = ot[l], ratio = ct[l] / nu;
        dOut[l] = d * ratio;
        double dc = d * o / nu + dcCarry[l];
        double dn = -d * o * ratio / nu + dnCarry[l];
        dcs[l] = dc;
        dns[l] = dn;
        dcCarry[l] = dc * ft[l];
        dnCarry[l] = dn * ft[l];
      }
      for (int l = 0; l < lanes; l++) {
        double dc = dcs[l], dn = dns[l], f = ft[l], i = it[l], z = zt[l], o = ot[l];
        dgi[l] = (dc * z + dn) * i;
        dgf[l] = (dc * cp[l] + dn * np[l]) * f * slope[l];
        dgz[l] = dc * i * (1 - z * z);
        dgo[l] = dOut[l] * o * (1 - o);
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
    }
  }
}
