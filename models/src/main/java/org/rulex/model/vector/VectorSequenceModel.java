package org.rulex.model.vector;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A model over sequences of real vectors rather than token ids: each position carries a vector
 * fed in as it is, with no embedding table. In-context regression (a prompt of [x; y] columns)
 * needs it; token models keep {@link org.rulex.model.LanguageModel}.
 *
 * <p>Memory: like the token models, {@link #forward} creates its result and every intermediate in
 * the manager of its input; give it arrays from a short-lived sub-manager.
 */
public interface VectorSequenceModel {

  /** Width of the vector at each position of the input. */
  int inputWidth();

  /** Width of the vector at each position of the output. */
  int outputWidth();

  /** x float32 [B, T, inputWidth] -> float32 [B, T, outputWidth]. */
  NDArray forward(NDArray x, boolean training);

  /** The trainable arrays, in a stable order; each has gradients switched on. */
  List<NDArray> parameters();
}
