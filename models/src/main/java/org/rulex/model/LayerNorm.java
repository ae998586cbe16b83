package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Layer normalisation over the embedding axis only: [..., D] -> [..., D]. DJL's LayerNorm block
 * normalises over (T, D) by default, which mixes positions and leaks the future.
 */
final class LayerNorm extends Layer {
  private static final float EPS = 1e-5f;
  private final Shape normalized;
  private final Parameter gain;
  private final Parameter shift;

  LayerNorm(long width) {
    normalized = new Shape(width);
    gain = parameter("gain", Parameter.Type.GAMMA, ONES, width);
    shift = parameter("shift", Parameter.Type.BETA, ZEROS, width);
  }

  NDArray apply(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, gain.getArray(), shift.getArray(), EPS)
        .singletonOrThrow();
  }
}
