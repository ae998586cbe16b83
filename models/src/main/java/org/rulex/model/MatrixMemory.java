package org.rulex.model;

/**
 * A matrix memory advanced one token at a time in Java, for decoding: per (sequence, head) a
 * matrix C [Dk, Dv] that decays and takes in an outer product, read out by a query,
 *
 * <pre>
 *   C_t = f_t C_{t-1} + i_t k_t v_t^T,   out_t = q_t^T C_t
 * </pre>
 *
 * (the mLSTM cell's C; linear attention's running sum S with f = i = 1). In libtorch a step was
 * six passes over B x H x Dk x Dv values (the outer product, its scaling, the decay, the sum, the
 * query's product and its sum), each with an array to make and free; here it is one pass. C is kept as Dk rows of Dv per (sequence, head), so the
 * inner loop indexes C's row, v and the read-out alike and the JIT vectorises it.
 */
final class MatrixMemory {
  private final int pairs, dk, dv;
  private final float[][] c; // row p * Dk + j: C[p][j][.]

  /** The zero memory of {@code pairs} (sequence, head) pairs, each Dk x Dv. */
  MatrixMemory(int pairs, int dk, int dv) {
    this.pairs = pairs;
    this.dk = dk;
    this.dv = dv;
    c = new float[pairs * dk][dv];
  }

  /**
   * One token: the decay f and input scale i [pairs] (null: 1 for every pair), k and q [pairs,
   * Dk], v [pairs, Dv] -> q^T C [pairs, Dv] after the update. Products in the order the libtorch
   * step took them: C f + (k v) i (a product by 1 changes nothing).
   */
  float[] step(float[] f, float[] i, float[] k, float[] v, float[] q) {
    if ((f != null && f.length != pairs) || (i != null && i.length != pairs) || k.length != pairs * dk || q.length != pairs * dk || v.length != pairs * dv)
      throw new IllegalArgumentException("a step of " + pairs + " pairs of " + dk + " x " + dv + " takes f, i [" + pairs + "], k, q ["
          + pairs * dk + "], v [" + pairs * dv + "], not k " + k.length + ", q " + q.length + ", v " + v.length);
    float[] out = new float[pairs * dv];
    float[] vp = new float[dv], read = new float[dv];
    for (int p = 0; p < pairs; p++) {
      System.arraycopy(v, p * dv, vp, 0, dv);
      java.util.Arrays.fill(read, 0);
      float fp = f == null ? 1 : f[p], ip = i == null ? 1 : i[p];
      for (int j = 0; j < dk; j++) {
        float[] row = c[p * dk + j];
        float kj = k[p * dk + j], qj = q[p * dk + j];
        for (int e = 0; e < dv; e++) {
          float next = row[e] * fp + kj * vp[e] * ip;
          row[e] = next;
          read[e] += next * qj;
        }
      }
      System.arraycopy(read, 0, out, p * dv, dv);
    }
    return out;
  }
}
