package org.rulex.model;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import com.google.gson.annotations.SerializedName;

/**
 * How a model's weights start. The scale decides what a small model learns in a few thousand
 * steps: with every weight N(0, 0.02), attention scores start near zero and stay near-uniform, and
 * a 2-layer transformer forms no induction head in 2,000 steps, where the same model with
 * PyTorch's layer defaults does (results/suite-hijack/README.md).
 */
public enum Initialisation {
  /** Every weight matrix and table N(0, 0.02), biases 0 (GPT-2's scheme): rulex's default. */
  @SerializedName("small")
  SMALL,
  /**
   * PyTorch's defaults: a linear layer's weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in))
   * (nn.Linear), embedding and learned position tables N(0, 1) (nn.Embedding).
   */
  @SerializedName("pytorch")
  PYTORCH;

  /** The null of an optional config field is the default. */
  static Initialisation orDefault(Initialisation init) {
    return init == null ? SMALL : init;
  }

  Initializer linearWeight(long fanIn) {
    return this == SMALL ? Layer.SMALL_NORMAL : new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
  }

  Initializer linearBias(long fanIn) {
    return this == SMALL ? Layer.ZEROS : new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
  }

  /** The input tables' scale: the one a config gives (inputStd), else this scheme's (null: the usual 0.02). */
  Double inputStd(Double configured) {
    return configured != null || this == SMALL ? configured : Double.valueOf(1);
  }

  /** Embedding and learned position tables. */
  Initializer table() {
    return this == SMALL ? Layer.SMALL_NORMAL : new NormalInitializer(1f);
  }
}
