package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Position encodings indexed by token position within a sequence (0 for SOS), never by batch row:
 * a trained table of maxPositions rows or the fixed sinusoids, both added to the input; or rotary
 * angles, applied to queries and keys inside attention (nothing added, nothing to train).
 */
final class Positions extends Layer {

  /** The base of the geometric sequence of frequencies, for sinusoids and rotary alike. */
  private static final double BASE = 10000;

  private final PositionEncoding kind;
  private final int maxPositions;
  private final int width;
  private final Parameter table; // learned only: [maxPositions, width]

  Positions(PositionEncoding kind, int maxPositions, int width, Initialisation init) {
    this.kind = kind;
    this.maxPositions = maxPositions;
    this.width = width;
    table = kind == PositionEncoding.LEARNED ? parameter("table", Parameter.Type.WEIGHT, init.table(), maxPositions, width) : null;
  }

  /**
   * What is added to the input at positions start .. start+count-1: [count, width], in {@code
   * manager}. Zeros for rotary, whose positions act in attention (see {@link #rotate}).
   */
  NDArray at(NDManager manager, int start, int count) {
    checkRange(start, count);
    if (kind == PositionEncoding.LEARNED) return lookup(manager.arange(start, start + count, 1, DataType.INT64), table);
    if (kind == PositionEncoding.ROTARY) return manager.zeros(new Shape(count, width));
    float[] pe = new float[count * width];
    for (int t = 0; t < count; t++) {
      int pos = start + t;
      for (int i = 0; i < width; i += 2) {
        double angle = pos / Math.pow(BASE, (double) i / width);
        pe[t * width + i] = (float) Math.sin(angle);
        if (i + 1 < width) pe[t * width + i + 1] = (float) Math.cos(angle);
      }
    }
    return manager.create(pe, new Shape(count, width));
  }

  /**
   * Queries or keys x [B, H, T, Dh] of the tokens at positions start .. start+T-1, rotated for
   * rotary encoding (x itself otherwise). Component i of the first half and component i of the
   * second half form a pair, rotated by the angle pos * BASE^(-2i/Dh): the dot product of a rotated
   * query at p and a rotated key at s then depends on p - s only.
   */
  NDArray rotate(NDArray x, int start) {
    if (kind != PositionEncoding.ROTARY) return x;
    Shape s = x.getShape();
    int count = Math.toIntExact(s.get(2));
    int dh = Math.toIntExact(s.get(3));
    checkRange(start, count);
    int half = dh / 2;
    // cos over both halves; sin with the sign of the pair's rotation: -sin on the first half, +sin on the second.
    float[] cos = new float[count * dh];
    float[] sin = new float[count * dh];
    for (int t = 0; t < count; t++)
      for (int i = 0; i < half; i++) {
        double angle = (start + t) * Math.pow(BASE, -2.0 * i / dh);
        cos[t * dh + i] = cos[t * dh + half + i] = (float) Math.cos(angle);
        sin[t * dh + i] = (float) -Math.sin(angle);
        sin[t * dh + half + i] = (float) Math.sin(angle);
      }
    NDManager m = x.getManager();
    NDList halves = x.split(2, 3); // x1, x2 [B, H, T, Dh/2]
    NDArray swapped = halves.get(1).concat(halves.get(0), 3); // (x2, x1)
    // (x1 cos - x2 sin, x2 cos + x1 sin)
    return x.mul(m.create(cos, new Shape(count, dh))).add(swapped.mul(m.create(sin, new Shape(count, dh))));
  }

  private void checkRange(int start, int count) {
    if (start + count > maxPositions)
      throw new IllegalArgumentException("position " + (start + count - 1) + " is beyond the maximum length " + maxPositions);
  }
}
