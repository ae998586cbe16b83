package org.rulex.suite.diversity;

/**
 * The in-context-learning gain G = (ln k - NLL_model) / (ln k - NLL_Bayes): 0 for a model no better
 * than uniform guessing, 1 for one as good as the Bayes in-context estimator on unseen chains,
 * negative for one worse than uniform (a model sure of its pool's chains).
 */
public final class IclGain {
  private IclGain() {}

  public static double of(int states, double modelNll, double bayesNll) {
    double chance = Math.log(states);
    return (chance - modelNll) / (chance - bayesNll);
  }
}
