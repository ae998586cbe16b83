package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A fully connected layer over the last axis: [..., in] -> [..., out], y = x W^T + b. */
final class Dense extends Layer {
  private final Parameter weight;
  private final Parameter bias;

  Dense(long in, long out) {
    weight = parameter("weight", Parameter.Type.WEIGHT, SMALL_NORMAL, out, in);
    bias = parameter("bias", Parameter.Type.BIAS, ZEROS, out);
  }

  NDArray apply(NDArray x) {
    return Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
  }
}
