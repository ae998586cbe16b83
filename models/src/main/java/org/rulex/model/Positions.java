package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.DataType;

/**
 * Position encodings indexed by token position within a sequence (0 for SOS), never by batch row:
 * a trained table of maxLength rows, or the fixed sinusoids (nothing to train).
 */
final class Positions extends Layer {

  private final PositionEncoding kind;
  private final int maxLength;
  private final int width;
  private final Parameter table; // learned only: [maxLength, width]

  Positions(PositionEncoding kind, int maxLength, int width) {
    this.kind = kind;
    this.maxLength = maxLength;
    this.width = width;
    table = kind == PositionEncoding.LEARNED ? parameter("table", Parameter.Type.WEIGHT, SMALL_NORMAL, maxLength, width) : null;
  }

  /** Encodings of positions start .. start+count-1: [count, width], in {@code manager}. */
  NDArray at(NDManager manager, int start, int count) {
    if (start + count > maxLength)
      throw new IllegalArgumentException("position " + (start + count - 1) + " is beyond the maximum length " + maxLength);
    if (kind == PositionEncoding.LEARNED) return lookup(manager.arange(start, start + count, 1, DataType.INT64), table);
    float[] pe = new float[count * width];
    for (int t = 0; t < count; t++) {
      int pos = start + t;
      for (int i = 0; i < width; i += 2) {
        double angle = pos / Math.pow(10000, (double) i / width);
        pe[t * width + i] = (float) Math.sin(angle);
        if (i + 1 < width) pe[t * width + i + 1] = (float) Math.cos(angle);
      }
    }
    return manager.create(pe, new Shape(count, width));
  }
}
