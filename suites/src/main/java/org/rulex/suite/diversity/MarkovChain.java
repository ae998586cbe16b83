package org.rulex.suite.diversity;

import org.rulex.suite.Draws;

/**
 * A Markov chain over states 0..k-1: one task of the in-context Markov-chain experiment. The first
 * state of a sequence is uniform, so only the transitions tell chains apart.
 *
 * @param transition row i is the distribution of the state after state i
 */
public record MarkovChain(double[][] transition) {

  public MarkovChain {
    for (double[] row : transition)
      if (row.length != transition.length) throw new IllegalArgumentException("a transition matrix must be square");
  }

  /** A chain whose rows are drawn independently from Dirichlet(1, ..., 1): uniform on the simplex. */
  public static MarkovChain draw(int states, Draws draws) {
    double[][] t = new double[states][];
    for (int i = 0; i < states; i++) t[i] = draws.dirichlet(1.0, states);
    return new MarkovChain(t);
  }

  public int states() {
    return transition.length;
  }

  /** A sequence of {@code length} states: a uniform first state, then transitions. */
  public int[] sample(int length, Draws draws) {
    int[] s = new int[length];
    s[0] = draws.nextInt(states());
    for (int t = 1; t < length; t++) s[t] = draws.categorical(transition[s[t - 1]]);
    return s;
  }
}
