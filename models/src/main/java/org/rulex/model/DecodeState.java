package org.rulex.model;

import ai.djl.ndarray.NDArray;

/**
 * What a model remembers between decoding steps (a KV cache, a recurrent state, running sums), so
 * that each new token costs one step instead of a recompute of the whole prefix. Feeding tokens
 * one by one gives the same logits as {@link LanguageModel#logits} over the whole sequence.
 */
public interface DecodeState extends AutoCloseable {

  /**
   * Feeds one token per sequence, int64 [B], and returns the logits of the token that follows,
   * float32 [B, V]. The result belongs to the manager of {@code lastTokens}.
   */
  NDArray step(NDArray lastTokens);

  /** Number of tokens fed so far. */
  int length();

  /** Frees the state's arrays. */
  @Override
  void close();
}
