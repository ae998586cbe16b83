package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Decoding without a cache: remembers the tokens and recomputes the whole prefix at every step.
 * Correct for any model; the state of models that have no cheaper one (TorchScript), and the
 * baseline the cached states are measured against.
 */
public final class RecomputeState extends IncrementalState {
  private final LanguageModel model;
  private long[] tokens = new long[0]; // [B, length] row-major

  public RecomputeState(LanguageModel model, NDManager manager, int batch) {
    super(manager, batch);
    this.model = model;
  }

  @Override
  NDArray advance(NDArray ids, int position) {
    int t = position + 1;
    long[] fed = ids.toLongArray();
    long[] grown = new long[batch * t];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(tokens, b * position, grown, b * t, position);
      grown[b * t + position] = fed[b];
    }
    tokens = grown;
    NDArray all = ids.getManager().create(tokens, new Shape(batch, t));
    return model.logits(all, false).get(new NDIndex(":, {}, :", position)); // [B, V]
  }
}
