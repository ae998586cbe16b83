package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * An xLSTM block around an sLSTM cell (post up-projection): x + sLSTM(LN(x)), then x +
 * FF(LN(x)) with a gated GELU feed-forward. The cell has H heads of Dh = E / H units, recurrent
 * weights within each head, and exponential input and forget gates with a stabiliser m and a
 * normaliser n (per unit):
 *
 * <pre>
 *   m_t = max(log sigmoid(f~_t) + m_{t-1}, i~_t)
 *   c_t = exp(log sigmoid(f~_t) + m_{t-1} - m_t) c_{t-1} + exp(i~_t - m_t) tanh(z~_t)
 *   n_t = (the same decay) n_{t-1} + exp(i~_t - m_t)
 *   h_t = sigmoid(o~_t) c_t / n_t
 * </pre>
 *
 * where each pre-activation is W x_t + R h_{t-1} + b; the input and forget gates read the input
 * through a causal convolution and SiLU. W x + b is computed for all positions at once; only the
 * cell update h_{t-1} -> h_t runs step by step over T, in training too.
 */
final class SLstmBlock extends Xlstm.Block {
  private final int heads;
  private final int dh;
  private final LayerNorm norm;
  private final CausalConv conv;
  private final Xlstm.HeadwiseLinear inputForget; // conv(x) -> i~, f~: [B, T, H * 2Dh]
  private final Xlstm.HeadwiseLinear cellOutput; // x -> z~, o~: [B, T, H * 2Dh]
  private final Parameter recurrent; // [H, Dh, 4Dh]: h_{t-1} -> (i~, f~, z~, o~) within each head
  private final Parameter bias; // [H, 4Dh]
  private final Xlstm.HeadNorm outNorm;
  private final LayerNorm ffNorm;
  private final Dense ffUp; // E -> 2F: gate and value
  private final Dense ffDown; // F -> E

  SLstmBlock(int embedding, int heads, int convKernel, int ffWidth) {
    this.heads = heads;
    this.dh = embedding / heads;
    norm = addChildBlock("norm", new LayerNorm(embedding));
    conv = addChildBlock("conv", new CausalConv(embedding, convKernel));
    inputForget = addChildBlock("inputForget", new Xlstm.HeadwiseLinear(embedding, heads, 2 * dh));
    cellOutput = addChildBlock("cellOutput", new Xlstm.HeadwiseLinear(embedding, heads, 2 * dh));
    recurrent = parameter("recurrent", Parameter.Type.WEIGHT, ZEROS, heads, dh, 4L * dh);
    bias = parameter("bias", Parameter.Type.BIAS, FORGET_OPEN, heads, 4L * dh);
    outNorm = addChildBlock("outNorm", new Xlstm.HeadNorm(embedding));
    ffNorm = addChildBlock("ffNorm", new LayerNorm(embedding));
    ffUp = addChildBlock("ffUp", new Dense(embedding, 2L * ffWidth, false));
    ffDown = addChildBlock("ffDown", new Dense(ffWidth, embedding, false));
  }

  /** Forget-gate biases from 3 to 6 across each head's units (gates start open), the others 0. */
  private static final Initializer FORGET_OPEN = (manager, shape, type) -> {
    long g = shape.get(1) / 4;
    NDArray forget = g == 1 ? manager.full(new Shape(1), 3f, type) : manager.linspace(3f, 6f, (int) g).toType(type, false);
    NDArray zeros = manager.zeros(new Shape(g), type);
    NDArray row = NDArrays.concat(new NDList(zeros, forget, zeros, zeros)); // i, f, z, o
    return manager.ones(shape, type).mul(row);
  };

  @Override
  NDList initialState(NDManager m, long batch) {
    Shape unit = new Shape(heads, batch, dh);
    // m starts at "minus infinity": the first step then takes m = i~, so n = 1 and c / n = tanh(z~) however small i~ is.
    return new NDList(conv.emptyWindow(m, batch), m.zeros(unit), m.zeros(unit), m.full(unit, NEGATIVE), m.zeros(unit)); // window, c, n, m, h
  }

  /**
   * The training form: W x + b for all positions in libtorch, the convolution ({@link
   * CausalConv#sequence}) and the cell's recurrence ({@link SLstmRecurrence}) in Java, whose
   * outputs enter the rest of the pass as leaves; with gradients recorded, the block reads its
   * input through a cut ({@link TrainableModel#cut}), so that the backward pass reaches the blocks
   * before this one once, after the parts deferred with {@code model}.
   */
  @Override
  NDArray sequence(NDArray x, TrainableModel model) {
    Shape s = x.getShape();
    int b = Math.toIntExact(s.get(0)), t = Math.toIntExact(s.get(1));
    NDManager manager = x.getManager();
    boolean gradients = ai.djl.pytorch.jni.JniUtils.isGradMode();
    NDArray in = x;
    NDArray normed = norm.apply(x);
    if (gradients) {
      // The normalised input is read by the convolution and by W x, whose gradients arrive in different backward passes.
      NDArray[] leaves = model.cut(x, normed);
      in = leaves[0];
      normed = leaves[1];
    }
    NDArray xc = silu(conv.sequence(normed, model));
    NDArray pre = NDArrays.concat(new NDList(
            inputForget.apply(xc).reshape(b, t, heads, 2 * dh), cellOutput.apply(normed).reshape(b, t, heads, 2 * dh)), 3)
        .add(bias.getArray()); // W x + b: [B, T, H, 4Dh]
    NDArray r = recurrent.getArray();
    SLstmRecurrence cell = new SLstmRecurrence(pre.toFloatArray(), r.toFloatArray(), b, t, heads, dh, gradients);
    NDArray hs = manager.create(cell.h(), new Shape(b, t, heads, dh));
    if (gradients) {
      hs.setRequiresGradient(true);
      model.defer(() -> {
        float[] dPre = new float[b * t * heads * 4 * dh];
        cell.backward(hs.getGradient().toFloatArray(), dPre);
        NDArray dPreArray = manager.create(dPre, pre.getShape());
        NDArray surrogate = pre.mul(dPreArray).sum();
        if (t == 1) return surrogate.add(manager.zeros(r.getShape()).mul(r).sum()); // R never acts (no h_{t-1}): its gradient is 0
        // dL/dR = sum over t > 0 of h_{t-1}^T dL/dpre_t, per head: [H, Dh, B (T - 1)] x [H, B (T - 1), 4Dh].
        NDArray hPrev = hs.stopGradient().get(":, :-1").transpose(2, 3, 0, 1).reshape(heads, dh, -1);
        NDArray dNext = dPreArray.get(":, 1:").transpose(2, 0, 1, 3).reshape(heads, -1, 4L * dh);
        return surrogate.add(hPrev.matMul(dNext).mul(r).sum());
      });
    }
    return feedForward(in.add(outNorm.apply(hs.transpose(0, 2, 1, 3)))); // [B, T, H, Dh] as [B, H, T, Dh]
  }

  /** {@link #apply}; {@code stepwise}: the reference form (stacked convolution, the decoding step's loop). */
  @Override
  NDList apply(NDArray x, NDList state, boolean stepwise) {
    Shape s = x.getShape();
    long b = s.get(0), t = s.get(1);
    NDArray normed = norm.apply(x);
    NDList conv = stepwise ? this.conv.applyStacked(normed) : this.conv.apply(normed, state == null ? null : state.get(0));
    NDArray xc = silu(conv.get(0));
    NDArray pre = NDArrays.concat(new NDList(
            (stepwise ? inputForget.applyReference(xc) : inputForget.apply(xc)).reshape(b, t, heads, 2 * dh),
            (stepwise ? cellOutput.applyReference(normed) : cellOutput.apply(normed)).reshape(b, t, heads, 2 * dh)), 3)
        .add(bias.getArray())
        .transpose(1, 2, 0, 3); // W x + b: [T, H, B, 4Dh]

    // The state is kept heads first, [H, B, Dh], so that h R is one batched product over the heads.
    NDList cell = state == null ? initialState(x.getManager(), b).subNDList(1) : state.subNDList(1);
    NDArray c = cell.get(0), n = cell.get(1), m = cell.get(2), h = cell.get(3); // [H, B, Dh] each
    NDList inputs = pre.split(t, 0);
    NDList hs = new NDList((int) t);
    for (int i = 0; i < t; i++) {
      NDList g = inputs.get(i).squeeze(0).add(h.matMul(recurrent.getArray())).split(4, 2); // i~, f~, z~, o~ [H, B, Dh]
      NDArray[] next = step(Xlstm.logSigmoid(g.get(1)).add(m), g, c, n);
      c = next[0];
      n = next[1];
      m = next[2];
      h = next[3];
      hs.add(h);
    }
    NDArray all = NDArrays.stack(hs, 2); // [H, B, T, Dh]
    NDArray byHead = all.transpose(1, 0, 2, 3); // [B, H, T, Dh]
    x = x.add(stepwise ? outNorm.applyReference(byHead) : outNorm.apply(byHead)); // [B, T, E]
    x = feedForward(x);
    NDList out = new NDList(x);
    if (state != null) out.addAll(new NDList(conv.get(1), c, n, m, h));
    return out;
  }

  /**
   * One step of the stabilised exponential gating, from decayed = m + log sigmoid(f~) and the gates
   * g = (i~, ., z~, o~): the next c, n, m and h.
   */
  private static NDArray[] step(NDArray decayed, NDList g, NDArray c, NDArray n) {
    NDArray m = decayed.maximum(g.get(0));
    NDArray forget = decayed.sub(m).exp();
    NDArray input = g.get(0).sub(m).exp();
    NDArray cNext = c.mul(forget).add(input.mul(g.get(2).tanh()));
    NDArray nNext = n.mul(forget).add(input);
    return new NDArray[] {cNext, nNext, m, Activation.sigmoid(g.get(3)).mul(cNext.div(nNext))};
  }

  /** x + FF(LN(x)), the gated GELU feed-forward: [B, T, E] -> [B, T, E]. */
  private NDArray feedForward(NDArray x) {
    NDList ff = ffUp.apply(ffNorm.apply(x)).split(2, 2);
    return x.add(ffDown.apply(Activation.gelu(ff.get(0)).mul(ff.get(1))));
  }
}
