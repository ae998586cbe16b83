package org.rulex.suite.diversity;

import com.google.gson.JsonObject;
import java.util.List;
import org.rulex.model.ModelZoo;

/**
 * One in-context Markov unit's result as its file holds it (schema {@value DiversitySuite#SCHEMA}):
 * the architecture at one pool size and seed, scored on unseen chains and, with a finite pool, on
 * the chains it trained on. Read strictly.
 *
 * @param poolSize the pool size K, or "inf" for a fresh chain per sequence
 * @param seen null with a fresh chain per sequence (no pool to have seen)
 * @param trainLoss [step, loss] pairs
 */
public record MarkovResult(
    String part,
    String architecture,
    JsonObject model,
    long parameters,
    String poolSize,
    long seed,
    int steps,
    double lnK,
    Score unseen,
    Score seen,
    List<List<Double>> trainLoss,
    double seconds) {

  public MarkovResult {
    if (model != null) ModelZoo.fromJson(model);
  }

  /**
   * Mean negative log-likelihoods per token: the model's, the Bayes-optimal in-context
   * predictor's, and the pool posterior's (null without a pool); gain is the in-context gain.
   */
  public record Score(int sequences, long tokens, double modelNll, double bayesNll, Double poolPosteriorNll, double gain) {}
}
