package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A causal next-token model over rulex's vocabulary: what training, decoding and scoring need of
 * a model, whatever its architecture.
 *
 * <p>Memory: {@link #logits} creates its result and every intermediate array in the manager of
 * {@code ids}; give it ids from a short-lived sub-manager and close that.
 */
public interface LanguageModel {

  /** Width of the output: the vocabulary size (PAD, SOS, EOS and the alphabet). */
  int vocabularySize();

  /** Its position count: the longest input, in tokens (SOS included), the model accepts; {@link Integer#MAX_VALUE} if unlimited. A model configuration calls it maxPositions. */
  int positionCount();

  /**
   * Next-token logits at every position: ids int64 [B, T] -> float32 [B, T, V]. Position t sees
   * ids[:, 0..t] only. {@code training} switches dropout on.
   */
  NDArray logits(NDArray ids, boolean training);

  /**
   * A fresh incremental decoding state for {@code batch} sequences (nothing fed yet: feed SOS
   * first). Its arrays live in a sub-manager of {@code manager} until it is closed.
   */
  DecodeState start(NDManager manager, int batch);
}
