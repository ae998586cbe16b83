package org.rulex.suite.hijack;

import java.util.List;
import org.rulex.suite.Draws;

/**
 * The knowledge a model should store in its weights: a bigram over tokens 0..V-1 (row q is the
 * distribution of the token after q) and its stationary distribution, from which trigger tokens
 * and first tokens are drawn.
 */
public final class GlobalBigram {
  private final double[][] transition; // [V][V], rows sum to 1
  private final double[] stationary;

  public GlobalBigram(double[][] transition) {
    int v = transition.length;
    this.transition = new double[v][];
    for (int q = 0; q < v; q++) {
      if (transition[q].length != v) throw new IllegalArgumentException("bigram row " + q + " has " + transition[q].length + " entries, not " + v);
      double sum = 0;
      for (double p : transition[q]) {
        if (!(p >= 0)) throw new IllegalArgumentException("bigram row " + q + " has a negative entry");
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("bigram row " + q + " sums to " + sum);
      this.transition[q] = transition[q].clone();
    }
    this.stationary = stationaryOf(this.transition);
  }

  /** Rows drawn from Dirichlet(alpha) over V tokens with {@code seed}. */
  public static GlobalBigram dirichlet(int v, double alpha, long seed) {
    Draws draws = Draws.of(seed, 0x6269L); // a stream of its own, apart from the sequences'
    double[][] rows = new double[v][];
    for (int q = 0; q < v; q++) rows[q] = draws.dirichlet(alpha, v);
    return new GlobalBigram(rows);
  }

  /**
   * The bigram of a language's words read one after another, with a boundary token between
   * words: tokens 0..alphabet-1 are the symbols (alphabet ids minus {@code firstSymbol}), token
   * {@code alphabet} the boundary. Counts get one pseudo-count each, so that every token has a
   * successor even if the words never show one (an output token may be any token).
   */
  public static GlobalBigram fromWords(List<int[]> words, int alphabet, int firstSymbol) {
    int v = alphabet + 1;
    double[][] counts = new double[v][v];
    for (double[] row : counts) java.util.Arrays.fill(row, 1);
    int previous = alphabet;
    for (int[] w : words) {
      for (int id : w) {
        int x = id - firstSymbol;
        if (x < 0 || x >= alphabet) throw new IllegalArgumentException("id " + id + " is not a symbol of the alphabet");
        counts[previous][x]++;
        previous = x;
      }
      counts[previous][alphabet]++;
      previous = alphabet;
    }
    for (double[] row : counts) {
      double sum = 0;
      for (double c : row) sum += c;
      for (int b = 0; b < v; b++) row[b] /= sum;
    }
    return new GlobalBigram(counts);
  }

  /**
   * The stationary distribution by power iteration of the lazy chain (P + I) / 2, which has the
   * same stationary distribution and no periodicity to keep the iteration from settling.
   */
  private static double[] stationaryOf(double[][] p) {
    int v = p.length;
    double[] pi = new double[v];
    java.util.Arrays.fill(pi, 1.0 / v);
    for (int round = 0; round < 100_000; round++) {
      double[] next = new double[v];
      for (int q = 0; q < v; q++) {
        next[q] += pi[q] / 2;
        for (int b = 0; b < v; b++) next[b] += pi[q] * p[q][b] / 2;
      }
      double change = 0;
      for (int q = 0; q < v; q++) change += Math.abs(next[q] - pi[q]);
      pi = next;
      if (change < 1e-13) break;
    }
    return pi;
  }

  public int size() {
    return transition.length;
  }

  /** P(b | q). */
  public double probability(int q, int b) {
    return transition[q][b];
  }

  /** A copy of row q. */
  public double[] row(int q) {
    return transition[q].clone();
  }

  /** A copy of the stationary distribution. */
  public double[] stationary() {
    return stationary.clone();
  }

  /** q's most likely successor, b* (the smallest token on ties). */
  public int best(int q) {
    int best = 0;
    for (int b = 1; b < transition.length; b++) if (transition[q][b] > transition[q][best]) best = b;
    return best;
  }

  /** The entropy rate in nats: the sum over q of pi(q) H(P(. | q)), the loss floor of a bigram model. */
  public double entropy() {
    double h = 0;
    for (int q = 0; q < transition.length; q++)
      for (double p : transition[q]) if (p > 0) h -= stationary[q] * p * Math.log(p);
    return h;
  }

  /** The mean over q (uniform) of max_b P(b | q): how peaked the rows are. */
  public double meanTopProbability() {
    double sum = 0;
    for (int q = 0; q < transition.length; q++) sum += transition[q][best(q)];
    return sum / transition.length;
  }
}
