package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A baseline whose next-token distribution is the same at every position, whatever came before
 * (uniform, stop-at-once): nothing to train, and the same logits row for a full pass and for
 * incremental decoding, so it goes through exactly the code path of a trained model.
 */
abstract class FixedDistribution<C extends ModelConfig> extends TrainableModel {
  private final C config;

  FixedDistribution(C config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
  }

  @Override
  public final C config() {
    return config;
  }

  /** The logits of every position: [V]. */
  abstract float[] logitsRow();

  private NDArray row(NDManager m) {
    return m.create(logitsRow());
  }

  @Override
  protected final NDArray computeLogits(NDArray ids, boolean training) {
    Shape s = ids.getShape();
    return row(ids.getManager()).broadcast(new Shape(s.get(0), s.get(1), vocabularySize())); // [B, T, V]
  }

  @Override
  public final DecodeState start(NDManager manager, int batch) {
    return new IncrementalState(manager, batch) {
      @Override
      NDArray advance(NDArray ids, int position) {
        return row(ids.getManager()).broadcast(new Shape(batch, vocabularySize())); // [B, V]
      }
    };
  }
}
