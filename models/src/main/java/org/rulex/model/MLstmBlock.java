package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;

/**
 * An xLSTM block around an mLSTM cell (pre up-projection): x + down(mLSTM(...) * SiLU(z)). The
 * input, normalised, is projected up to two branches of width I = 2E; one runs through a causal
 * convolution and SiLU to give queries and keys, values come from it unconvolved. Per head (Dh =
 * I / H), with input gate i~ and forget gate f~ scalars computed from (q, k, v):
 *
 * <pre>
 *   m_t = max(log sigmoid(f~_t) + m_{t-1}, i~_t)                      stabiliser
 *   C_t = exp(log sigmoid(f~_t) + m_{t-1} - m_t) C_{t-1} + exp(i~_t - m_t) k_t v_t^T / sqrt(Dh)
 *   n_t = (the same decay) n_{t-1} + exp(i~_t - m_t) k_t / sqrt(Dh)
 *   h_t = q_t C_t / max(|q_t . n_t|, exp(-m_t))
 * </pre>
 *
 * Training evaluates all positions at once in the equivalent parallel form (a decay matrix over
 * [T, T], like masked attention); decoding updates C, n and m. The heads' outputs are normalised
 * per head and a learned multiple of the convolved input is added before the gating.
 */
final class MLstmBlock extends Xlstm.Block {
  /** Query, key and value projections are block-diagonal with blocks of this size (the reference's choice). */
  private static final int QKV_BLOCK = 4;

  private static final float EPS = 1e-6f;

  /** The lowest argument of exp in the parallel form: exp(-87) is still a normal float, and libtorch's exp is fast down to it. */
  private static final float LOWEST_EXPONENT = -87f;

  private final int inner;
  private final int heads;
  private final int dh;
  private final LayerNorm norm;
  private final Dense up; // E -> 2I
  private final CausalConv conv;
  private final Xlstm.HeadwiseLinear q;
  private final Xlstm.HeadwiseLinear k;
  private final Xlstm.HeadwiseLinear v;
  private final Parameter gateWeight; // [2H, 3I]: input gates, then forget gates, from (q, k, v)
  private final Parameter gateBias; // [2H]
  private final Xlstm.HeadNorm outNorm;
  private final Parameter skip; // [I]
  private final Dense down; // I -> E

  MLstmBlock(int embedding, int heads, int convKernel) {
    this.inner = 2 * embedding;
    this.heads = heads;
    this.dh = inner / heads;
    norm = addChildBlock("norm", new LayerNorm(embedding));
    up = addChildBlock("up", new Dense(embedding, 2L * inner, false));
    conv = addChildBlock("conv", new CausalConv(inner, convKernel));
    q = addChildBlock("q", new Xlstm.HeadwiseLinear(inner, inner / QKV_BLOCK, QKV_BLOCK));
    k = addChildBlock("k", new Xlstm.HeadwiseLinear(inner, inner / QKV_BLOCK, QKV_BLOCK));
    v = addChildBlock("v", new Xlstm.HeadwiseLinear(inner, inner / QKV_BLOCK, QKV_BLOCK));
    gateWeight = parameter("gateWeight", Parameter.Type.WEIGHT, ZEROS, 2L * heads, 3L * inner);
    gateBias = parameter("gateBias", Parameter.Type.BIAS, GATE_BIAS, 2L * heads);
    outNorm = addChildBlock("outNorm", new Xlstm.HeadNorm(inner));
    skip = parameter("skip", Parameter.Type.WEIGHT, ONES, inner);
    down = addChildBlock("down", new Dense(inner, embedding, false));
  }

  /** Input gates start near 0 (N(0, 0.1)), forget gates open (biases 3 to 6 across heads), as in the reference. */
  private static final Initializer GATE_BIAS = (manager, shape, type) -> {
    long h = shape.get(0) / 2;
    NDArray input = manager.randomNormal(0f, 0.1f, new Shape(h), type);
    NDArray forget = h == 1 ? manager.full(new Shape(1), 3f, type) : manager.linspace(3f, 6f, (int) h).toType(type, false);
    return input.concat(forget);
  };

  @Override
  NDList initialState(NDManager m, long batch) {
    return new NDList(
        conv.emptyWindow(m, batch),
        m.zeros(new Shape(batch, heads, dh, dh)), // C
        m.zeros(new Shape(batch, heads, 1, dh)), // n
        m.full(new Shape(batch, heads, 1, 1), NEGATIVE)); // m: "minus infinity", so the first step forgets nothing it has
  }

  /**
   * The training form: the block reads its input and its up-projection through a cut ({@link
   * TrainableModel#cut}) and its convolution runs in Java ({@link CausalConv#sequence}), deferring
   * its backward pass with {@code model}.
   */
  @Override
  NDArray sequence(NDArray x, TrainableModel model) {
    return apply(x, null, false, model, null).get(0);
  }

  /** {@link #apply}; with {@code stepwise} a whole sequence runs through the recurrent form, one position at a time. */
  @Override
  NDList apply(NDArray x, NDList state, boolean stepwise) {
    return apply(x, state, stepwise, null, null);
  }

  /** One decoding step with C in Java: the heads' matrices, B H of them. */
  @Override
  MatrixMemory decodingMemory(int batch) {
    return new MatrixMemory(batch * heads, dh, dh);
  }

  @Override
  NDList decode(NDArray x, NDList state, MatrixMemory memory) {
    return apply(x, state, false, null, memory);
  }

  /**
   * {@code model}: where a whole sequence's convolution defers its backward pass (null: none, no
   * gradients recorded); {@code memory}: C while decoding (null: in the state).
   */
  private NDList apply(NDArray x, NDList state, boolean stepwise, TrainableModel model, MatrixMemory memory) {
    Shape s = x.getShape();
    long b = s.get(0), t = s.get(1);
    NDArray projected = up.apply(norm.apply(x)); // [B, T, 2I]
    if (model != null && ai.djl.pytorch.jni.JniUtils.isGradMode()) {
      // The projection is read by the convolution and by v and z, whose gradients arrive in different backward passes.
      NDArray[] leaves = model.cut(x, projected);
      x = leaves[0];
      projected = leaves[1];
    }
    NDList branches = projected.split(2, 2);
    NDArray xm = branches.get(0); // [B, T, I]
    NDArray z = branches.get(1); // [B, T, I]
    NDList conv = stepwise ? this.conv.applyStacked(xm) : this.conv.apply(xm, state == null ? null : state.get(0), model);
    NDArray xc = silu(conv.get(0)); // [B, T, I]
    NDArray qs, ks, vs, gates; // [B, T, I] each; the gates' pre-activations [B, 2H, T]
    if (stepwise) {
      qs = q.applyReference(xc);
      ks = k.applyReference(xc);
      vs = v.applyReference(xm);
      gates = Linear.linear(NDArrays.concat(new NDList(qs, ks, vs), 2), gateWeight.getArray(), gateBias.getArray()).singletonOrThrow();
    } else {
      // The gates read (q, k, v), all linear in xc or xm: W (q, k, v) = xc (Q Wq + K Wk) + xm V Wv. So
      // xc and xm each go through one product, with the gates' columns beside the projections',
      // instead of three products, a concatenation of their outputs and a fourth product.
      NDManager manager = x.getManager();
      NDArray qd = q.dense(manager), kd = k.dense(manager), vd = v.dense(manager); // [I, I] each
      // Split after an op begun in this pass's manager (an op's result belongs to its first operand's; see Xlstm.HeadwiseLinear#dense).
      NDList w = manager.zeros(new Shape(1)).add(gateWeight.getArray()).split(3, 1); // [2H, I] for q, k and v
      NDArray fromXc = NDArrays.concat(new NDList(qd, kd, qd.matMul(w.get(0).transpose()).add(kd.matMul(w.get(1).transpose()))), 1); // [I, 2I + 2H]
      NDArray fromXm = NDArrays.concat(new NDList(vd, vd.matMul(w.get(2).transpose())), 1); // [I, I + 2H]
      NDList c = xc.reshape(b * t, inner).matMul(fromXc).reshape(b, t, -1).split(new long[] {inner, 2L * inner}, 2);
      NDList m = xm.reshape(b * t, inner).matMul(fromXm).reshape(b, t, -1).split(new long[] {inner}, 2);
      qs = c.get(0);
      ks = c.get(1);
      vs = m.get(0);
      gates = c.get(2).add(m.get(1)).add(gateBias.getArray());
    }
    gates = gates.transpose(0, 2, 1); // [B, 2H, T]
    NDList ifg = gates.split(2, 1);
    NDArray inputGate = ifg.get(0); // i~ [B, H, T]
    NDArray logForget = Xlstm.logSigmoid(ifg.get(1)); // [B, H, T]

    NDArray qh = heads(qs, b, t), kh = scale(heads(ks, b, t), 1 / Math.sqrt(dh)), vh = heads(vs, b, t); // [B, H, T, Dh]
    NDList out = new NDList();
    NDArray h;
    if (state == null && stepwise) {
      h = recurrent(qh, kh, vh, inputGate, logForget, initialState(x.getManager(), b));
    } else if (state == null) {
      h = parallel(qh, kh, vh, inputGate, logForget);
    } else {
      NDList cell = step(qh, kh, vh, inputGate.expandDims(3), logForget.expandDims(3), state, memory);
      h = cell.get(0);
      out.add(conv.get(1));
      out.addAll(cell.subNDList(1));
    }
    NDArray y = (stepwise ? outNorm.applyReference(h) : outNorm.apply(h)).add(xc.mul(skip.getArray())).mul(silu(z)); // [B, T, I]
    out.add(0, x.add(down.apply(y)));
    return out;
  }

  /** [B, T, I] -> [B, H, T, Dh]. */
  private NDArray heads(NDArray a, long b, long t) {
    return a.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
  }

  /** All positions at once: h_t = sum over s <= t of (q_t . k_s) D_ts v_s / normaliser_t. */
  private NDArray parallel(NDArray q, NDArray k, NDArray v, NDArray inputGate, NDArray logForget) {
    Shape s = q.getShape();
    int t = Math.toIntExact(s.get(2));
    NDArray cumulative = logForget.cumSum(2); // F_t [B, H, T]
    // log D_ts = F_t - F_s + i~_s for s <= t (the forget gates of s+1..t and the input gate of s), so
    // with a_s = i~_s - F_s the stabiliser m_t = max over s <= t of log D_ts is F_t + c_t, c_t the
    // running maximum of a, and log D_ts - m_t = a_s - c_t: one [T, T] difference instead of three
    // and a maximum. The running maximum's positions are found here, and c gathered from a at them,
    // so that its gradient reaches a as a maximum's does.
    NDArray a = inputGate.sub(cumulative); // [B, H, T]
    NDArray c = a.gather(runningMaxima(a.toFloatArray(), t, a.getManager()).reshape(a.getShape()), 2); // [B, H, T]
    NDArray m = cumulative.add(c).expandDims(3); // the stabiliser m_t [B, H, T, 1]
    // exp(log D_ts - m_t), at most 1 for s <= t, then 0 for s > t by a 0/1 mask. libtorch's exp
    // takes 10 to 35 times as long for arguments below about -87 (a masked -1e9 among them: half of
    // the matrix) as for others, so the arguments are first cut to [-87, 0]: for s <= t that
    // changes only weights below exp(-87) = 1.6e-38, and for s > t only what the mask zeroes.
    NDArray stabilised = a.expandDims(2).sub(c.expandDims(3)).clip(LOWEST_EXPONENT, 0); // [B, H, T, T]
    NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).mul(stabilised.exp().mul(causal(q.getManager(), t))); // [B, H, T, T]
    NDArray normaliser = weights.sum(new int[] {3}, true).abs().maximum(m.neg().exp()).add(EPS);
    // Divided after the product, [B, H, T, Dh] rather than [B, H, T, T]: the division's backward pass sums over the broadcast axis.
    return weights.matMul(v).div(normaliser); // [B, H, T, Dh]
  }

  /** The lower triangle, diagonal included, of a [T, T] matrix of ones. */
  private static NDArray causal(NDManager manager, int t) {
    float[] mask = new float[t * t];
    for (int q = 0; q < t; q++) for (int k = 0; k <= q; k++) mask[q * t + k] = 1;
    return manager.create(mask, new Shape(t, t));
  }

  /** For each row of T values, the position of the running maximum at every t (the first of equals): [rows x T] indices. */
  private static NDArray runningMaxima(float[] a, int t, NDManager manager) {
    long[] at = new long[a.length];
    for (int row = 0; row < a.length; row += t) {
      int best = row;
      for (int i = row; i < row + t; i++) {
        if (a[i] > a[best]) best = i;
        at[i] = best - row;
      }
    }
    return manager.create(at);
  }

  /** All positions one at a time through {@link #step}, from {@code state}: h [B, H, T, Dh]. */
  private static NDArray recurrent(NDArray q, NDArray k, NDArray v, NDArray inputGate, NDArray logForget, NDList state) {
    int t = Math.toIntExact(q.getShape().get(2));
    NDList qs = q.split(t, 2), ks = k.split(t, 2), vs = v.split(t, 2);
    NDList is = inputGate.expandDims(3).split(t, 2), fs = logForget.expandDims(3).split(t, 2);
    NDList hs = new NDList(t);
    for (int i = 0; i < t; i++) {
      NDList cell = step(qs.get(i), ks.get(i), vs.get(i), is.get(i), fs.get(i), state, null);
      hs.add(cell.get(0));
      state = new NDList(state.get(0)).addAll(cell.subNDList(1));
    }
    return concat(hs, 2);
  }

  /**
   * One token: q, k, v [B, H, 1, Dh], gates [B, H, 1, 1], state (window, C, n, m) -> (h [B, H, 1,
   * Dh], C, n, m). With a {@code memory} (decoding), C lives there, in Java, and the state's C
   * passes through untouched; without (the reference form), C is the state's, in libtorch.
   */
  private static NDList step(NDArray q, NDArray k, NDArray v, NDArray inputGate, NDArray logForget, NDList state, MatrixMemory memory) {
    NDArray c = state.get(1), n = state.get(2), m = state.get(3);
    NDArray decayed = logForget.add(m);
    NDArray mNew = decayed.maximum(inputGate);
    NDArray f = decayed.sub(mNew).exp();
    NDArray i = inputGate.sub(mNew).exp();
    NDArray h; // q C: [B, H, 1, Dh]
    if (memory != null) {
      h = q.getManager().create(memory.step(f.toFloatArray(), i.toFloatArray(), k.toFloatArray(), v.toFloatArray(), q.toFloatArray()), q.getShape());
    } else {
      // Broadcast products, not matMul: B x H tiny matrix products are slow (see LinearAttentionTransformer).
      c = c.mul(f).add(k.transpose(0, 1, 3, 2).mul(v).mul(i)); // + k v^T: [B, H, Dh, Dh]
      h = c.mul(q.transpose(0, 1, 3, 2)).sum(new int[] {2}, true);
    }
    n = n.mul(f).add(k.mul(i)); // [B, H, 1, Dh]
    NDArray normaliser = q.mul(n).sum(new int[] {3}, true).abs().maximum(mNew.neg().exp()).add(EPS);
    return new NDList(h.div(normaliser), c, n, mNew);
  }

}
