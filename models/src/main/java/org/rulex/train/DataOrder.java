package org.rulex.train;

import java.util.SplittableRandom;

/**
 * Which training words make up the batch of each step: epochs of seeded shuffles, cut into
 * consecutive batches (the last batch of an epoch may be smaller). A pure function of (seed,
 * step), so a resumed run sees exactly the batches an uninterrupted one would have.
 */
final class DataOrder {
  private final int size;
  private final int batchSize;
  private final long seed;
  private final int batchesPerEpoch;
  private int epoch = -1;
  private int[] permutation;

  DataOrder(int size, int batchSize, long seed) {
    if (size < 1) throw new IllegalArgumentException("no training words");
    this.size = size;
    this.batchSize = Math.min(batchSize, size);
    this.seed = seed;
    this.batchesPerEpoch = (size + this.batchSize - 1) / this.batchSize;
  }

  /** Indices of the words of the batch of step {@code step} (counting from 0). */
  int[] batch(int step) {
    int e = step / batchesPerEpoch;
    if (e != epoch) {
      permutation = shuffle(e);
      epoch = e;
    }
    int from = (step % batchesPerEpoch) * batchSize;
    int to = Math.min(size, from + batchSize);
    int[] out = new int[to - from];
    System.arraycopy(permutation, from, out, 0, out.length);
    return out;
  }

  /** Fisher-Yates with a generator seeded from (seed, epoch). */
  private int[] shuffle(int e) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
    int[] p = new int[size];
    for (int i = 0; i < size; i++) p[i] = i;
    for (int i = size - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
