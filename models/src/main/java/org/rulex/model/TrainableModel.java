package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A language model whose weights are a DJL block: what rulex builds from a {@link ModelConfig},
 * trains, and saves in checkpoints. Subclasses declare their parameters in the constructor and
 * write the forward pass in {@link #computeLogits}.
 */
public abstract class TrainableModel extends Layer implements LanguageModel {
  private final int vocabularySize;
  private final List<DeferredGradient> deferred = new ArrayList<>();

  protected TrainableModel(int vocabularySize) {
    if (vocabularySize < 4)
      throw new IllegalArgumentException("a vocabulary has PAD, SOS, EOS and at least one symbol, not " + vocabularySize + " ids");
    this.vocabularySize = vocabularySize;
  }

  /** The configuration this model was built from (architecture name and sizes). */
  public abstract ModelConfig config();

  /** The forward pass: ids int64 [B, T] -> logits [B, T, V], causal. */
  protected abstract NDArray computeLogits(NDArray ids, boolean training);

  @Override
  public final int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public int positionCount() {
    return Integer.MAX_VALUE;
  }

  @Override
  public final NDArray logits(NDArray ids, boolean training) {
    if (ids.getShape().dimension() != 2 || ids.getDataType() != DataType.INT64)
      throw new IllegalArgumentException("ids must be int64 [B, T], not " + ids.getDataType() + " " + ids.getShape());
    if (ids.getShape().get(1) > positionCount())
      throw new IllegalArgumentException(
          "input of " + ids.getShape().get(1) + " tokens is longer than the model's maximum of " + positionCount());
    if (!deferred.isEmpty()) {
      deferred.clear();
      throw new IllegalStateException("the last forward pass with gradients was not followed by TrainableModel.backward: its gradients are incomplete");
    }
    return computeLogits(ids, training);
  }

  /**
   * A part of a forward pass computed outside libtorch's autograd (a recurrence in Java, whose
   * hundreds of tiny steps cost more in op dispatch than in arithmetic): its outputs entered the
   * rest of the pass as leaves, and once their gradients are known it gives a scalar, the sum of
   * its inputs times their gradients (constants), whose backward pass carries those gradients on.
   */
  interface DeferredGradient {
    NDArray surrogate();
  }

  /** Records a deferred part of the current forward pass (only while gradients are recorded). */
  final void defer(DeferredGradient part) {
    deferred.add(part);
  }

  /** a as a new leaf that collects its own gradient (the same numbers, cut from a's graph). */
  static NDArray leaf(NDArray a) {
    NDArray cut = a.stopGradient();
    cut.setRequiresGradient(true);
    return cut;
  }

  /**
   * Each x as a new leaf, for a block that defers parts of its backward pass: the block reads the
   * leaves, and one part deferred now, before the block's own, carries the leaves' gradients on
   * to the xs after them (parts run last first), in one backward pass. Without the cut, each of
   * the block's surrogates would pass its gradient back through every block before it, and
   * through what two of them read in common twice (which libtorch refuses); with it, all of that
   * is passed once. Only while gradients are recorded.
   */
  final NDArray[] cut(NDArray... xs) {
    NDArray[] leaves = new NDArray[xs.length];
    for (int i = 0; i < xs.length; i++) leaves[i] = leaf(xs[i]);
    defer(() -> {
      NDArray sum = xs[0].mul(leaves[0].getGradient()).sum();
      for (int i = 1; i < xs.length; i++) sum = sum.add(xs[i].mul(leaves[i].getGradient()).sum());
      return sum;
    });
    return leaves;
  }

  /**
   * The backward pass of {@code loss}, which must come from this model's last forward pass: libtorch's
   * backward pass, then each part computed outside it, the last first (the gradients at a part's
   * outputs are complete once everything after it has run backward). Use this, not {@code
   * collector.backward}, for any loss of a trainable model: the two agree only for models without
   * such parts, and the next forward pass fails if parts are still owed.
   */
  public final void backward(GradientCollector collector, NDArray loss) {
    collector.backward(loss);
    while (!deferred.isEmpty()) {
      NDArray surrogate = deferred.remove(deferred.size() - 1).surrogate();
      collector.backward(surrogate);
    }
  }

  /** Creates the parameters (call once, after seeding the engine for reproducible weights). */
  public final void initialize(NDManager manager) {
    initialize(manager, DataType.FLOAT32, new Shape(1, 1));
  }

  /** Number of trainable scalars. */
  public final long parameterCount() {
    long n = 0;
    for (Pair<String, Parameter> p : getParameters()) n += p.getValue().getArray().size();
    return n;
  }

  /** False for models with nothing to train (the uniform baseline). */
  public final boolean isTrainable() {
    return !getParameters().isEmpty();
  }

  /** DJL's generic entry point, for tools that expect a Block: the same as {@link #logits}. */
  @Override
  protected final NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(logits(inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), vocabularySize)};
  }
}
