package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A DJL block whose parameter shapes are fixed when it is built, so that it needs no shape
 * inference, and the few helpers every architecture shares.
 *
 * <p>Memory rule followed by every layer: each op is called on an activation, never on a
 * parameter, so that results land in the activation's (short-lived) manager rather than in the
 * model's, where they would pile up step after step.
 */
abstract class Layer extends AbstractBlock {

  /** Used in attention masks and for impossible tokens: finite, so a fully masked row is no NaN. */
  static final float NEGATIVE = -1e9f;

  static final Initializer SMALL_NORMAL = new NormalInitializer(0.02f);
  static final Initializer ZEROS = new ConstantInitializer(0f);
  static final Initializer ONES = new ConstantInitializer(1f);

  Layer() {
    super((byte) 1);
  }

  /** A trainable parameter with a fixed shape. */
  final Parameter parameter(String name, Parameter.Type type, Initializer init, long... shape) {
    return addParameter(
        Parameter.builder()
            .setName(name)
            .setType(type)
            .optInitializer(init)
            .optShape(new Shape(shape))
            .build());
  }

  /** Rows of a table: ids int64 [...] -> [..., width]; the result belongs to the ids' manager. */
  static NDArray lookup(NDArray ids, Parameter table) {
    return Embedding.embedding(ids, table.getArray(), SparseFormat.DENSE).singletonOrThrow();
  }

  /**
   * x times a constant. Not {@code x.mul(Number)}: DJL makes the scalar operand a tensor over a Java
   * buffer and frees it as soon as the product is made, while autograd keeps the tensor for the
   * backward pass, which then reads freed memory (gradients of 1e30 or NaN, now and then). Here the
   * scalar lives in x's manager, as long as x.
   */
  static NDArray scale(NDArray x, double factor) {
    return x.mul(x.getManager().create((float) factor));
  }

  /** SiLU (swish with beta 1), x sigmoid(x); DJL's swish multiplies by a Number first (see {@link #scale}). */
  static NDArray silu(NDArray x) {
    return x.mul(ai.djl.nn.Activation.sigmoid(x));
  }

  /**
   * NDArrays.concat along {@code axis}, but a single array is returned as it is: NDArrays.concat
   * returns a duplicate of it, and gradients did not flow back through that duplicate (one-token
   * sequences lost their gradients in the loops that build a sequence position by position).
   */
  static NDArray concat(NDList arrays, int axis) {
    return arrays.size() == 1 ? arrays.get(0) : ai.djl.ndarray.NDArrays.concat(arrays, axis);
  }

  /**
   * A flat [rows, width] array as rows: the layout the Java loops take, since the JIT vectorises a
   * loop only when its arrays are indexed alike (see {@link MambaDecoder}).
   */
  static float[][] rows(float[] flat, int width) {
    float[][] rows = new float[flat.length / width][width];
    for (int r = 0; r < rows.length; r++) System.arraycopy(flat, r * width, rows[r], 0, width);
    return rows;
  }

  /** Rows of one width as one flat [rows, width] array: {@link #rows} undone. */
  static float[] flat(float[][] rows) {
    int width = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, flat, r * width, width);
    return flat;
  }

  /** Inverted dropout in training mode; the identity otherwise (and when the rate is 0). */
  static NDArray dropout(NDArray x, double rate, boolean training) {
    if (!training || rate == 0) return x;
    return Dropout.dropout(x, (float) rate, true).singletonOrThrow();
  }

  /** Shapes are fixed at construction: children are initialised as they are. */
  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : getChildren().values()) child.initialize(manager, dataType, inputShapes);
  }

  /** rulex calls its layers directly; DJL's generic entry point is not used. */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is called directly, not through Block.forward");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
