package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;

/**
 * A causal depthwise convolution over time, one filter of K taps per channel: [B, T, C] -> [B, T,
 * C], output t sees inputs t-K+1..t. Decoding carries the last K - 1 inputs (the window) from step
 * to step, so that a step costs one output position.
 */
final class CausalConv extends Layer {
  private final int channels;
  private final int kernel;
  private final Parameter weight; // [C, K]; PyTorch's depthwise Conv1d weight [C, 1, K] without its middle axis
  private final Parameter bias; // [C]

  CausalConv(int channels, int kernel) {
    this.channels = channels;
    this.kernel = kernel;
    UniformInitializer fanIn = new UniformInitializer((float) (1 / Math.sqrt(kernel))); // PyTorch's default
    weight = parameter("weight", Parameter.Type.WEIGHT, fanIn, channels, kernel);
    bias = parameter("bias", Parameter.Type.BIAS, fanIn, channels);
  }

  /** The weight [C, K], as Java values. */
  float[] weightValues() {
    return weight.getArray().toFloatArray();
  }

  /** The bias [C], as Java values. */
  float[] biasValues() {
    return bias.getArray().toFloatArray();
  }

  /** The window before the first token: zeros [B, K-1, C]. */
  NDArray emptyWindow(NDManager m, long batch) {
    return m.zeros(new Shape(batch, kernel - 1, channels));
  }

  /** x [B, T, C] after the window [B, K-1, C] (null: zeros) -> (y [B, T, C], the new window [B, K-1, C]). */
  NDList apply(NDArray x, NDArray window) {
    long t = x.getShape().get(1);
    if (t == 1 && window != null) return step(x, window); // decoding
    NDArray past = window == null ? emptyWindow(x.getManager(), x.getShape().get(0)) : window;
    NDArray all = past.concat(x, 1); // [B, K-1+T, C]
    // Tap j of output t reads input t - (K-1) + j. Spelled out rather than libtorch's grouped
    // conv1d, whose backward pass returned garbage (1e31, NaN) for some shapes here. A sum of K
    // products of [B, T, C], not a stack of the K slices into [B, T, C, K]: about a third less
    // time forward and backward at B 32, T 31, C 64, K 4.
    NDList taps = x.getManager().zeros(new Shape(1)).add(weight.getArray()).transpose().split(kernel, 0); // [1, C] each, in x's manager
    NDArray y = null;
    for (int j = 0; j < kernel; j++) {
      NDArray term = all.get(new NDIndex(":, {}:{}, :", j, j + t)).mul(taps.get(j));
      y = y == null ? term : y.add(term);
    }
    return new NDList(y.add(bias.getArray()), all.get(new NDIndex(":, {}:, :", t)));
  }

  /**
   * A whole sequence from zeros, x [B, T, C] -> y [B, T, C], computed in Java: the same products
   * and sums, in the same order, as {@link #apply}, whose K slices of the padded input, products
   * and their backward nodes cost far more than the arithmetic. With gradients recorded (and a
   * {@code model}), y enters the rest of the pass as a leaf and the backward pass is deferred with
   * {@code model}: from dL/dy it computes dL/dx, dL/dweight and dL/dbias and carries them on
   * through a surrogate (each input times its gradient).
   */
  NDArray sequence(NDArray x, TrainableModel model) {
    Shape s = x.getShape();
    int b = Math.toIntExact(s.get(0)), t = Math.toIntExact(s.get(1)), c = channels, k = kernel;
    // Positions as rows of C and the taps as K rows of C, so that every inner loop indexes its
    // arrays alike, which the JIT vectorises (over one flat array at differing offsets it did not).
    float[] in = x.toFloatArray(), w = weight.getArray().toFloatArray(), bi = bias.getArray().toFloatArray();
    float[][] inRows = rows(in, c);
    float[][] taps = new float[k][c]; // tap j of every channel
    for (int ch = 0; ch < c; ch++) for (int j = 0; j < k; j++) taps[j][ch] = w[ch * k + j];
    float[] y = new float[b * t * c];
    float[] acc = new float[c];
    for (int bb = 0; bb < b; bb++) {
      for (int tt = 0; tt < t; tt++) {
        java.util.Arrays.fill(acc, 0);
        for (int j = 0; j < k; j++) {
          int src = tt - (k - 1) + j; // tap j reads input t - (K-1) + j; before the first token, zeros
          if (src < 0) continue;
          float[] tap = taps[j], from = inRows[bb * t + src];
          for (int ch = 0; ch < c; ch++) acc[ch] += tap[ch] * from[ch];
        }
        for (int ch = 0; ch < c; ch++) acc[ch] += bi[ch];
        System.arraycopy(acc, 0, y, (bb * t + tt) * c, c);
      }
    }
    NDManager manager = x.getManager();
    NDArray out = manager.create(y, s);
    if (!ai.djl.pytorch.jni.JniUtils.isGradMode()) return out;
    // Without a model to defer to, the gradients would stop here without a word.
    if (model == null) throw new IllegalStateException("CausalConv.sequence records gradients only with a model to defer its backward pass to");
    out.setRequiresGradient(true);
    NDArray wArray = weight.getArray(), bArray = bias.getArray();
    model.defer(() -> {
      float[][] dyRows = rows(out.getGradient().toFloatArray(), c);
      float[][] dxRows = new float[b * t][c];
      double[][] dTaps = new double[k][c];
      double[] dBias = new double[c];
      float[][] part = new float[k][c]; // one sequence's sums, then added in double
      float[] partBias = new float[c];
      for (int bb = 0; bb < b; bb++) {
        for (float[] p : part) java.util.Arrays.fill(p, 0);
        java.util.Arrays.fill(partBias, 0);
        for (int tt = 0; tt < t; tt++) {
          float[] dy = dyRows[bb * t + tt];
          for (int ch = 0; ch < c; ch++) partBias[ch] += dy[ch];
          for (int j = 0; j < k; j++) {
            int src = tt - (k - 1) + j;
            if (src < 0) continue;
            float[] tap = taps[j], dx = dxRows[bb * t + src], from = inRows[bb * t + src], pj = part[j];
            for (int ch = 0; ch < c; ch++) dx[ch] += tap[ch] * dy[ch];
            for (int ch = 0; ch < c; ch++) pj[ch] += dy[ch] * from[ch];
          }
        }
        for (int j = 0; j < k; j++) for (int ch = 0; ch < c; ch++) dTaps[j][ch] += part[j][ch];
        for (int ch = 0; ch < c; ch++) dBias[ch] += partBias[ch];
      }
      float[] dx = flat(dxRows);
      float[] dw = new float[c * k], db = new float[c];
      for (int ch = 0; ch < c; ch++) {
        db[ch] = (float) dBias[ch];
        for (int j = 0; j < k; j++) dw[ch * k + j] = (float) dTaps[j][ch];
      }
      // Each product begins with an array of this pass: an op's result belongs to its first operand's
      // manager, and one begun with a parameter would leave arrays in the model's every step.
      return x.mul(manager.create(dx, s)).sum()
          .add(manager.create(dw, wArray.getShape()).mul(wArray).sum())
          .add(manager.create(db, bArray.getShape()).mul(bArray).sum());
    });
    return out;
  }

  /**
   * {@link #apply(NDArray, NDArray)}, but a whole sequence from zeros (window null) by {@link
   * #sequence}, deferring its backward pass with {@code model}; it carries no window (null).
   */
  NDList apply(NDArray x, NDArray window, TrainableModel model) {
    return window == null ? new NDList(sequence(x, model), null) : apply(x, window);
  }

  /** {@link #apply} from zeros, as K slices stacked into [B, T, C, K]: the reference form. */
  NDList applyStacked(NDArray x) {
    long t = x.getShape().get(1);
    NDArray all = emptyWindow(x.getManager(), x.getShape().get(0)).concat(x, 1); // [B, K-1+T, C]
    NDList taps = new NDList(kernel);
    for (int j = 0; j < kernel; j++) taps.add(all.get(new NDIndex(":, {}:{}, :", j, j + t)));
    NDArray y = NDArrays.stack(taps, 3).mul(weight.getArray()).sum(new int[] {3}).add(bias.getArray()); // [B, T, C, K] -> [B, T, C]
    return new NDList(y, all.get(new NDIndex(":, {}:, :", t)));
  }

  /**
   * One decoding step, x [B, 1, C] after the window [B, K-1, C] -> (y [B, 1, C], the new window):
   * the K taps are the window itself, so one product with the weight and a sum over the taps
   * replace K slices and a stack (half the time for one token at B = 256, C = 64, K = 8).
   */
  private NDList step(NDArray x, NDArray window) {
    NDArray all = window.concat(x, 1); // [B, K, C]
    NDArray y = all.transpose(0, 2, 1).mul(weight.getArray()).sum(new int[] {2}).add(bias.getArray()); // [B, C, K] -> [B, C]
    return new NDList(y.expandDims(1), all.get(new NDIndex(":, 1:, :")));
  }
}
