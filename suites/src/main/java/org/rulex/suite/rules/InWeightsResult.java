package org.rulex.suite.rules;

import com.google.gson.JsonObject;
import java.util.List;
import org.rulex.model.ModelZoo;

/**
 * One in-weights rules unit's result as its file holds it (schema {@value RulesSuite#SCHEMA}):
 * a model under one partial-exposure condition, one entry per seed. Read strictly.
 */
public record InWeightsResult(String test, String model, String condition, JsonObject modelConfig, List<SeedRun> seeds) {

  public InWeightsResult {
    if (modelConfig != null) ModelZoo.fromJson(modelConfig);
  }

  /** One seed: the held-out scores, the final training loss and accuracy, and the design it drew. */
  public record SeedRun(double pRule, double pDistractor, double r, double argmaxRule, long seed, double finalLoss, double trainAccuracy, Design design) {}

  /**
   * The partial-exposure design the seed drew: which feature values play A, B, C (feature 1) and
   * W, X, Y, Z, U (feature 2), and which labels are l0 to l2 (see {@link PartialExposure}). The
   * keys are the papers' letters, so the components keep them, capitals included.
   */
  public record Design(int A, int B, int C, int W, int X, int Y, int Z, int U, int l0, int l1, int l2) {}
}
