package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Layer normalisation over the embedding axis only: [..., D] -> [..., D]. DJL's LayerNorm block
 * normalises over (T, D) by default, which mixes positions and leaks the future.
 */
final class LayerNorm extends Layer {
  /** PyTorch's default epsilon. */
  static final double DEFAULT_EPS = 1e-5;
  private final float eps;
  private final Shape normalized;
  private final Parameter gain;
  private final Parameter shift;

  LayerNorm(long width) {
    this(width, DEFAULT_EPS);
  }

  /** eps: added to the variance before the square root (the published aNbN transformer used 6e-3). */
  LayerNorm(long width, double eps) {
    this.eps = (float) eps;
    normalized = new Shape(width);
    gain = parameter("gain", Parameter.Type.GAMMA, ONES, width);
    shift = parameter("shift", Parameter.Type.BETA, ZEROS, width);
  }

  NDArray apply(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, gain.getArray(), shift.getArray(), eps)
        .singletonOrThrow();
  }
}
