package org.rulex.suite;

import java.util.SplittableRandom;

/**
 * Seeded draws the suites share: categorical, normal, gamma and Dirichlet. Everything goes through
 * one {@link SplittableRandom}, so the same seed gives the same data on every machine (no
 * ThreadLocalRandom, no Math.random).
 */
public final class Draws {
  private final SplittableRandom random;

  public Draws(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** An independent stream for a part of the work (a sequence, a task), stable whatever runs before it. */
  public static Draws of(long seed, long... path) {
    long s = seed;
    for (long p : path) s = new SplittableRandom(s * 0x9E3779B97F4A7C15L + p).nextLong();
    return new Draws(s);
  }

  public SplittableRandom random() {
    return random;
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  public double nextDouble() {
    return random.nextDouble();
  }

  /** An index drawn with probability proportional to weights[i] (weights non-negative, not all zero). */
  public int categorical(double[] weights) {
    double total = 0;
    for (double w : weights) total += w;
    if (!(total > 0)) throw new IllegalArgumentException("categorical: the weights sum to " + total);
    double u = random.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] <= 0) continue;
      last = i;
      u -= weights[i];
      if (u < 0) return i;
    }
    return last; // rounding left u a hair above 0: the last possible index
  }

  /** A standard normal (Box-Muller, one of the pair). */
  public double normal() {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 through the boost Gamma(a+1) U^(1/a). */
  public double gamma(double shape) {
    if (!(shape > 0)) throw new IllegalArgumentException("gamma: shape must be positive, not " + shape);
    if (shape < 1) return gamma(shape + 1) * Math.pow(1 - random.nextDouble(), 1 / shape);
    double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = normal(), v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = 1 - random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /** A point of the simplex drawn from Dirichlet(alpha, ..., alpha) with k components. */
  public double[] dirichlet(double alpha, int k) {
    double[] p = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) total += p[i] = gamma(alpha);
    if (total == 0) { // every component underflowed (tiny alpha): the limit is a vertex
      p[random.nextInt(k)] = 1;
      return p;
    }
    for (int i = 0; i < k; i++) p[i] /= total;
    return p;
  }
}
