package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/** A fully connected layer over the last axis: [..., in] -> [..., out], y = x W^T + b. */
final class Dense extends Layer {
  private final Parameter weight;
  private final Parameter bias; // null for a layer without bias

  Dense(long in, long out) {
    this(in, out, true);
  }

  Dense(long in, long out, boolean withBias) {
    this(in, out, withBias, Initialisation.SMALL);
  }

  Dense(long in, long out, boolean withBias, Initialisation init) {
    weight = parameter("weight", Parameter.Type.WEIGHT, init.linearWeight(in), out, in);
    bias = withBias ? parameter("bias", Parameter.Type.BIAS, init.linearBias(in), out) : null;
  }

  NDArray apply(NDArray x) {
    return Linear.linear(x, weight.getArray(), bias == null ? null : bias.getArray()).singletonOrThrow();
  }
}
