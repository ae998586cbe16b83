package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;

/**
 * The bookkeeping every decoding state shares: every array a step creates is freed when the step
 * ends (an NDScope catches them all, including results of ops called on state arrays), except the
 * logits and what the step moves into the state with {@link #keep}.
 */
abstract class IncrementalState implements DecodeState {
  final NDManager manager;
  final int batch;
  private int length;

  IncrementalState(NDManager parent, int batch) {
    if (batch < 1) throw new IllegalArgumentException("batch must be positive, not " + batch);
    this.manager = parent.newSubManager();
    this.batch = batch;
  }

  /**
   * One step: ids int64 [B, 1] at token position {@code position} (0 for the first token) ->
   * logits [B, V]. Arrays made here are freed at the end of the step unless kept.
   */
  abstract NDArray advance(NDArray ids, int position);

  @Override
  public final NDArray step(NDArray lastTokens) {
    if (lastTokens.getDataType() != DataType.INT64 || lastTokens.size() != batch)
      throw new IllegalArgumentException(
          "step takes int64 [" + batch + "], not " + lastTokens.getDataType() + " " + lastTokens.getShape());
    NDArray logits;
    try (NDScope scope = new NDScope()) {
      NDArray ids = lastTokens.reshape(batch, 1); // a view: no copy through Java
      logits = advance(ids, length);
      NDScope.unregister(logits);
    }
    logits.attach(lastTokens.getManager());
    length++;
    return logits;
  }

  /** Keeps an array made during a step in the state and frees the one it replaces (unless updated in place: the same array). */
  final NDArray keep(NDArray fresh, NDArray replaced) {
    if (fresh == replaced) return fresh;
    NDScope.unregister(fresh);
    fresh.attach(manager);
    if (replaced != null) replaced.close();
    return fresh;
  }

  @Override
  public final int length() {
    return length;
  }

  @Override
  public void close() {
    manager.close();
  }
}
