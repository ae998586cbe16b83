package org.rulex.suite.diversity;

import java.util.List;

/**
 * The two exact predictors the models are measured against, as summed negative log-likelihoods (in
 * nats) of the states at positions {@code from} and later, each predicted from all states before it.
 *
 * <ul>
 *   <li>The Bayes in-context bigram estimator: with rows drawn from Dirichlet(1), the posterior
 *       predictive of state j after state i is (c_ij + 1) / (c_i + k), c counting the transitions
 *       seen so far in the same sequence. It is the best any predictor can do on a chain never seen
 *       in training.
 *   <li>The pool posterior: the Bayes predictor when the chain is one of the K training chains,
 *       each a priori equally likely: a mixture of their rows, weighted by the likelihood of the
 *       transitions seen so far. A model that memorised its pool and does no more behaves like it.
 * </ul>
 */
public final class BigramReferences {
  private BigramReferences() {}

  /** Summed NLL of states[from..] under the add-one in-context bigram estimator over k states. */
  public static double bayesNll(int[] states, int k, int from) {
    checkFrom(states, from);
    int[][] counts = new int[k][k];
    int[] rowTotals = new int[k];
    double nll = 0;
    for (int t = 1; t < states.length; t++) {
      int previous = states[t - 1], current = states[t];
      if (t >= from) nll -= Math.log((counts[previous][current] + 1.0) / (rowTotals[previous] + k));
      counts[previous][current]++;
      rowTotals[previous]++;
    }
    // The first state is uniform under every chain.
    if (from == 0) nll += Math.log(k);
    return nll;
  }

  /** Summed NLL of states[from..] under the posterior over a pool of chains, uniform a priori. */
  public static double poolPosteriorNll(int[] states, List<MarkovChain> pool, int from) {
    checkFrom(states, from);
    if (pool.isEmpty()) throw new IllegalArgumentException("an empty pool");
    int k = pool.get(0).states();
    double[] logWeight = new double[pool.size()]; // log likelihood of the transitions so far; the prior is flat
    double nll = from == 0 ? Math.log(k) : 0;
    for (int t = 1; t < states.length; t++) {
      int previous = states[t - 1], current = states[t];
      if (t >= from) {
        // log sum_c w_c P_c(previous -> current) - log sum_c w_c, shifted by the largest weight.
        double max = Double.NEGATIVE_INFINITY;
        for (double lw : logWeight) max = Math.max(max, lw);
        double numerator = 0, denominator = 0;
        for (int c = 0; c < logWeight.length; c++) {
          double w = Math.exp(logWeight[c] - max);
          numerator += w * pool.get(c).transition()[previous][current];
          denominator += w;
        }
        nll -= Math.log(numerator / denominator);
      }
      for (int c = 0; c < logWeight.length; c++) logWeight[c] += Math.log(pool.get(c).transition()[previous][current]);
    }
    return nll;
  }

  private static void checkFrom(int[] states, int from) {
    if (from < 0 || from >= states.length)
      throw new IllegalArgumentException("scoring from position " + from + " of a sequence of " + states.length);
  }
}
