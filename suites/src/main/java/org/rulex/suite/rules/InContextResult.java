package org.rulex.suite.rules;

import com.google.gson.JsonObject;
import java.util.List;
import org.rulex.model.ModelZoo;

/**
 * One in-context rules unit's result as its file holds it (schema {@value RulesSuite#SCHEMA}):
 * a model trained at one rho and seed, scored on the four probe kinds. Read strictly.
 *
 * @param loss the training loss's name; null in results written before it was recorded
 */
public record InContextResult(
    String test,
    String model,
    double rho,
    long seed,
    int steps,
    String loss,
    JsonObject modelConfig,
    Score exemplar,
    Score rule,
    Score partial,
    Score control,
    double trainSeconds,
    List<CurvePoint> curve) {

  public InContextResult {
    if (modelConfig != null) ModelZoo.fromJson(modelConfig);
  }

  /** Probability of the rule's and the distractor's answer, their ratio r, and the argmax share on the rule. */
  public record Score(int episodes, double pRule, double pDistractor, double r, double argmaxRule) {}

  /** Training loss and exemplar accuracy at one step. */
  public record CurvePoint(int step, double loss, double exemplarAccuracy) {}
}
