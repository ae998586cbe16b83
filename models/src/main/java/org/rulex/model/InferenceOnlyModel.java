package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A model rulex scores but did not build and never trains (a TorchScript file, a process that
 * speaks the model protocol): its output width and position count are what it declared, and
 * its logits are asked for inference only.
 */
public abstract class InferenceOnlyModel implements LanguageModel {
  protected final int vocabularySize;
  /** Set once the model has said it (a process says it in its handshake). */
  protected int maxPositions;

  protected InferenceOnlyModel(int vocabularySize, int maxPositions) {
    this.vocabularySize = vocabularySize;
    this.maxPositions = maxPositions;
  }

  @Override
  public final int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public final int positionCount() {
    return maxPositions;
  }

  /** Refuses what no external model is asked: ids that are not int64 [B, T], and training ({@code what}: "TorchScript models"). */
  protected static void checkInference(NDArray ids, boolean training, String what) {
    if (ids.getShape().dimension() != 2 || ids.getDataType() != DataType.INT64)
      throw new IllegalArgumentException("ids must be int64 [B, T], not " + ids.getDataType() + " " + ids.getShape());
    if (training) throw new UnsupportedOperationException("rulex does not train " + what);
  }
}
