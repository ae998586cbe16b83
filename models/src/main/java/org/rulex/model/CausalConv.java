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
