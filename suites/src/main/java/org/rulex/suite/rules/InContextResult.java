package org.rulex.suite.rules;

import com.google.gson.Gson;
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

  /**
   * What a model answers to test episodes, averaged over them: P(rule) and P(distractor) (label
   * probabilities at the query), r = P(rule) / (P(rule) + P(distractor)), and how often the rule's
   * label is the most probable one (accuracy, for in-distribution episodes whose answer is known;
   * a tie of k labels counts 1/k).
   * The in-weights units score with it too.
   */
  public record Score(int episodes, double pRule, double pDistractor, double r, double argmaxRule) {

    /** The score of label probabilities [episode][label] on their episodes. */
    static Score of(double[][] probabilities, List<Episode> episodes) {
      double rule = 0, distractor = 0, hits = 0;
      for (int i = 0; i < episodes.size(); i++) {
        Episode e = episodes.get(i);
        double[] p = probabilities[i];
        rule += p[e.answer()];
        if (e.distractor() >= 0) distractor += p[e.distractor()];
        // A tie for the most probable label counts as a fair draw among the tied labels (scripted
        // learners tie exactly; trained ones practically never do).
        double max = Double.NEGATIVE_INFINITY;
        for (double x : p) max = Math.max(max, x);
        int tied = 0;
        for (double x : p) if (x == max) tied++;
        if (p[e.answer()] == max) hits += 1.0 / tied;
      }
      int n = episodes.size();
      rule /= n;
      distractor /= n;
      return new Score(n, rule, distractor, rule / (rule + distractor), hits / n);
    }

    /** P(rule) + P(distractor): how much of the label mass the two candidate answers take. */
    double mass() {
      return pRule + pDistractor;
    }

    /** The score as its unit file holds it. */
    JsonObject toJson() {
      return new Gson().toJsonTree(this).getAsJsonObject();
    }
  }

  /**
   * Training loss and probe accuracies at one step.
   *
   * @param ruleAccuracy on a probe set of rule episodes; null in results written before it was recorded
   */
  public record CurvePoint(int step, double loss, double exemplarAccuracy, Double ruleAccuracy) {}
}
