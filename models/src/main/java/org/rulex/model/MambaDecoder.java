package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Mamba's decoding step in Java (see {@link Mamba} for the block): the residual stream, each
 * layer's convolution window and scan state, and every elementwise op live in Java arrays; only
 * the three products of a layer and the head go to libtorch. A step in libtorch was some forty
 * small ops a layer on arrays of B x Di, each with its own call and array to free, and cost more
 * than the scan.
 *
 * <p>Every activation is laid out feature-major, as rows over the batch ([feature][sequence]),
 * for two reasons: a product W X with X [in, B] gives [out, B] with no transpose, and the JIT's
 * vectoriser (JDK 17) vectorises a loop only when every array in it has one element type and one
 * index (no float/double conversion, no differing offsets), and pays off only on long loops. Laid
 * out as [B, Di, N], the scan's inner loops ran over N = 16 values and stayed scalar, at twice the
 * time. Exponentials are {@link FastExp}'s, in double.
 */
final class MambaDecoder {

  /**
   * One layer's weights, fixed while decoding. Products: inProj [2Di, D], xProj [R + 2N, Di],
   * outProj [D, Di] (in the state's manager); in Java: the norm's gain [D], the convolution's
   * weight [Di, K] and bias [Di], delta's projection [Di, R] and bias [Di], A [Di, N] (negative)
   * and the skip D [Di].
   */
  record LayerWeights(float[] normGain, NDArray inProj, float[] convWeight, float[] convBias, NDArray xProj,
                      float[] dtWeight, float[] dtBias, float[] a, float[] skip, NDArray outProj) {}

  private static final float EPS = 1e-5f; // Mamba.RmsNorm's

  private final NDManager manager;
  private final int batch, d, di, n, k, rank;
  private final float[] tokens; // [V, D]
  private final NDArray headT; // E^T [D, V]
  private final float[] finalGain; // [D]
  private final List<LayerWeights> weights;
  private final float[][][][] window; // per layer the last K - 1 convolution inputs, oldest first from windowStart: [K-1][Di][B]
  private int windowStart;
  private final Scan[] scans;
  private final double[] values, negAbs, exps; // [B] scratch for silu and softplus

  /** The zero state of {@code batch} sequences; tokens: the embedding [V, D], also the head; arrays made in {@code manager}. */
  MambaDecoder(NDManager manager, int batch, Mamba.Config config, float[] tokens, float[] finalGain, List<LayerWeights> weights) {
    this.manager = manager;
    this.batch = batch;
    this.d = config.dModel();
    this.di = config.expand() * d;
    this.n = config.dState();
    this.k = config.dConv();
    this.rank = weights.get(0).dtWeight().length / di; // delta's projection is [Di, R]
    this.tokens = tokens;
    int v = tokens.length / d;
    float[] transposed = new float[d * v];
    for (int t = 0; t < v; t++) for (int f = 0; f < d; f++) transposed[f * v + t] = tokens[t * d + f];
    this.headT = manager.create(transposed, new Shape(d, v));
    this.finalGain = finalGain;
    this.weights = weights;
    window = new float[weights.size()][k - 1][di][batch];
    scans = new Scan[weights.size()];
    for (int i = 0; i < scans.length; i++) scans[i] = new Scan(weights.get(i).a(), batch, di, n);
    values = new double[batch];
    negAbs = new double[batch];
    exps = new double[batch];
  }

  /** One token per sequence (ids [B]) -> logits [B, V], in {@link #manager}. */
  NDArray step(long[] ids) {
    float[][] x = new float[d][batch];
    for (int b = 0; b < batch; b++) {
      int row = Math.toIntExact(ids[b]) * d;
      for (int f = 0; f < d; f++) x[f][b] = tokens[row + f];
    }
    for (int i = 0; i < weights.size(); i++) layer(i, x);
    if (k > 1) windowStart = (windowStart + 1) % (k - 1);
    return create(rmsNorm(x, finalGain)).transpose().matMul(headT); // [B, V]
  }

  /** Layer i on the residual stream x [D][B], in place: x + mixer(RMSNorm(x)). */
  private void layer(int i, float[][] x) {
    LayerWeights w = weights.get(i);
    float[][] projected = product(w.inProj(), rmsNorm(x, w.normGain())); // [2Di][B]: u, then z

    // The causal convolution over the window and this token, then SiLU; this token joins the window in place of the oldest.
    float[][][] past = window[i];
    float[][] u = new float[di][];
    for (int c = 0; c < di; c++) {
      float[] sum = new float[batch];
      for (int j = 0; j < k; j++) {
        float[] tap = j < k - 1 ? past[(windowStart + j) % (k - 1)][c] : projected[c];
        float weight = w.convWeight()[c * k + j];
        for (int b = 0; b < batch; b++) sum[b] += tap[b] * weight;
      }
      float bias = w.convBias()[c];
      for (int b = 0; b < batch; b++) sum[b] += bias;
      u[c] = silu(sum);
      if (k > 1) past[windowStart][c] = projected[c];
    }

    // The selective part: delta, B and C from the input.
    float[][] dbc = product(w.xProj(), u); // [R + 2N][B]
    float[][] delta = new float[di][];
    for (int c = 0; c < di; c++) {
      float[] pre = new float[batch];
      for (int r = 0; r < rank; r++) {
        float weight = w.dtWeight()[c * rank + r];
        float[] in = dbc[r];
        for (int b = 0; b < batch; b++) pre[b] += in[b] * weight;
      }
      float bias = w.dtBias()[c];
      for (int b = 0; b < batch; b++) pre[b] += bias;
      delta[c] = softplus(pre);
    }
    float[][] ch = scans[i].step(delta, u, java.util.Arrays.copyOfRange(dbc, rank, rank + n), java.util.Arrays.copyOfRange(dbc, rank + n, rank + 2 * n));

    // (C h + D u) silu(z), projected down and added to the stream.
    float[][] gated = new float[di][];
    for (int c = 0; c < di; c++) {
      float[] y = ch[c], uc = u[c], gate = silu(projected[di + c]);
      float skip = w.skip()[c];
      for (int b = 0; b < batch; b++) y[b] = (y[b] + uc[b] * skip) * gate[b];
      gated[c] = y;
    }
    float[][] out = product(w.outProj(), gated); // [D][B]
    for (int f = 0; f < d; f++) {
      float[] xf = x[f], of = out[f];
      for (int b = 0; b < batch; b++) xf[b] += of[b];
    }
  }

  /** RMSNorm over the features of each sequence, x [F][B] -> x / sqrt(mean(x^2) + eps) g. */
  private float[][] rmsNorm(float[][] x, float[] gain) {
    float[] squares = new float[batch];
    for (float[] row : x) for (int b = 0; b < batch; b++) squares[b] += row[b] * row[b];
    float[] scale = new float[batch];
    for (int b = 0; b < batch; b++) scale[b] = (float) Math.sqrt(squares[b] / x.length + EPS);
    float[][] out = new float[x.length][batch];
    for (int f = 0; f < x.length; f++) for (int b = 0; b < batch; b++) out[f][b] = x[f][b] / scale[b] * gain[f];
    return out;
  }

  /** x sigmoid(x), from e = exp(-|x|): sigmoid is 1 / (1 + e) for x >= 0 and e / (1 + e) below. */
  private float[] silu(float[] x) {
    toDouble(x);
    for (int b = 0; b < batch; b++) values[b] = values[b] * FastExp.belowZero(exps[b], values[b]) / (1 + exps[b]);
    return toFloat(values);
  }

  /** log(1 + exp(x)) = max(x, 0) + log(1 + exp(-|x|)). */
  private float[] softplus(float[] x) {
    toDouble(x);
    for (int b = 0; b < batch; b++) values[b] = Math.max(values[b], 0) + FastExp.log1pUnit(exps[b]);
    return toFloat(values);
  }

  /**
   * x into {@link #values} and exp(-|x|) into {@link #exps}: the conversions from float in a loop
   * of their own, since a loop that converts is not vectorised, and the rest of silu and softplus
   * is then arithmetic on doubles that is.
   */
  private void toDouble(float[] x) {
    for (int b = 0; b < batch; b++) {
      values[b] = x[b];
      negAbs[b] = -Math.abs(x[b]);
    }
    FastExp.exps(negAbs, exps);
  }

  private float[] toFloat(double[] x) {
    float[] out = new float[batch];
    for (int b = 0; b < batch; b++) out[b] = (float) x[b];
    return out;
  }

  /** W [out, in] times x [in][B] in libtorch -> [out][B]. */
  private float[][] product(NDArray w, float[][] x) {
    return Layer.rows(w.matMul(create(x)).toFloatArray(), batch);
  }

  private NDArray create(float[][] rows) {
    return manager.create(Layer.flat(rows), new Shape(rows.length, batch));
  }

  /**
   * One layer's scan state h [B, Di, N], as Di x N rows over the batch (row c N + j: h[., c, j]),
   * advanced one token at a time. The exponents and decays are in double, as {@link FastExp#exps}
   * takes them, the rest in float: the states of ten layers in double no longer stayed in the
   * caches, and the step went no faster than in float with [B, Di, N] rows.
   */
  static final class Scan {
    private final int batch, di, n;
    private final float[] a; // [Di, N]
    private final float[][] h;
    private final double[] deltaD, exponents, decay; // [B]
    private final float[] decayF; // [B]

    /** The zero state of {@code batch} sequences, A [Di, N] (negative). */
    Scan(float[] a, int batch, int di, int n) {
      if (a.length != di * n) throw new IllegalArgumentException("A holds " + a.length + " values, not Di x N = " + di * n);
      this.a = a.clone();
      this.batch = batch;
      this.di = di;
      this.n = n;
      h = new float[di * n][batch];
      deltaD = new double[batch];
      exponents = new double[batch];
      decay = new double[batch];
      decayF = new float[batch];
    }

    /** One token: delta and u [Di][B], B and C [N][B] -> the read-out C h [Di][B]; h advances. */
    float[][] step(float[][] delta, float[][] u, float[][] bIn, float[][] cOut) {
      float[][] y = new float[di][batch];
      float[] drive = new float[batch];
      for (int c = 0; c < di; c++) {
        float[] dl = delta[c], uc = u[c], yc = y[c];
        for (int b = 0; b < batch; b++) {
          deltaD[b] = dl[b];
          drive[b] = dl[b] * uc[b]; // delta x, in float as in training
        }
        for (int j = 0; j < n; j++) {
          double aj = a[c * n + j];
          for (int b = 0; b < batch; b++) exponents[b] = aj * deltaD[b];
          FastExp.exps(exponents, decay);
          for (int b = 0; b < batch; b++) decayF[b] = (float) decay[b];
          float[] hj = h[c * n + j], bj = bIn[j], cj = cOut[j];
          for (int b = 0; b < batch; b++) {
            float next = decayF[b] * hj[b] + drive[b] * bj[b];
            hj[b] = next;
            yc[b] += next * cj[b];
          }
        }
      }
      return y;
    }
  }
}
