package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.suite.Draws;

/**
 * Design v2's own check (criterion 4), fixed before any model ran: the scripted learners, read out
 * through the models' read-out and scored on the suite's own test episodes, score what each
 * strategy should, so that the test can tell a rule-based model from an exemplar-based one.
 */
class ReferenceLearnersTest {
  private static final RulesSpec SPEC = RulesSpec.DEFAULTS;

  private static JsonObject unit(ReferenceLearner.Strategy strategy) {
    assertEquals(RulesSpec.Design.V2, SPEC.design(), "the built-in spec is design v2");
    return new InContextRun(SPEC).reference(strategy);
  }

  private static double get(JsonObject unit, String test, String key) {
    return unit.getAsJsonObject(test).get(key).getAsDouble();
  }

  @Test
  void theRuleLearnerIsRuleBasedWithoutPullAndAnswersEveryRuleEpisode() {
    JsonObject u = unit(ReferenceLearner.Strategy.RULE);
    assertEquals(1.0, get(u, "partial", "r"), 1e-9);
    assertEquals(1.0, get(u, "control", "r"), 1e-9);
    assertEquals(0.0, get(u, "control", "r") - get(u, "partial", "r"), 1e-9, "pull");
    assertEquals(1.0, get(u, "rule", "argmaxRule"), 1e-12, "rule episodes");
    assertEquals(1000, u.getAsJsonObject("rule").get("episodes").getAsInt());
    assertTrue(ReferenceChecks.rule(get(u, "partial", "r"), get(u, "control", "r") - get(u, "partial", "r"), get(u, "rule", "argmaxRule")));
  }

  @Test
  void theExemplarLearnerSplitsBxEvenlyIsPulledAndIsAtChanceOnRuleEpisodes() {
    JsonObject u = unit(ReferenceLearner.Strategy.EXEMPLAR);
    double r = get(u, "partial", "r"), pull = get(u, "control", "r") - r, rule = get(u, "rule", "argmaxRule");
    assertEquals(0.5, r, 0.02);
    assertTrue(pull >= 0.45, "pull " + pull);
    assertTrue(rule <= 1.0 / SPEC.labels() + 0.05, "rule-episode accuracy " + rule);
    assertTrue(get(u, "partial", "pRule") + get(u, "partial", "pDistractor") > 0.99, "the exemplar learner answers l0 or l1");
    assertEquals(1.0, get(u, "exemplar", "argmaxRule"), 1e-12, "it answers every exemplar episode");
    assertTrue(ReferenceChecks.exemplar(r, pull, rule, SPEC.labels()));
  }

  @Test
  void theRuleLearnerCannotAnswerExemplarEpisodesWhereNoFeatureKeepsOneLabel() {
    double accuracy = get(unit(ReferenceLearner.Strategy.RULE), "exemplar", "argmaxRule");
    assertTrue(accuracy < 0.5, "exemplar-episode accuracy " + accuracy);
  }

  @Test
  void theChecksFailOnTheStrategiesSwapped() {
    assertFalse(ReferenceChecks.rule(0.5, 0.5, 0.25));
    assertFalse(ReferenceChecks.exemplar(1, 0, 1, 4));
    assertFalse(ReferenceChecks.exemplar(0.5, 0.5, 0.5, 4), "an exemplar learner that answers rule episodes is no check");
  }

  /** The scripted learner's logits read back through Readout give the probabilities it computes. */
  @Test
  void theReadOutOfAScriptedLearnerIsItsOwnProbabilities() {
    Tokens tokens = SPEC.tokens();
    Episodes episodes = new Episodes(tokens, RulesSpec.LossAt.DETERMINED, RulesSpec.Design.V2);
    Episode e = episodes.partialExposure(new Draws(7), PartialExposure.Condition.PARTIAL);
    ReferenceLearner exemplar = new ReferenceLearner(ReferenceLearner.Strategy.EXEMPLAR, tokens);
    try (NDManager manager = NDManager.newBaseManager()) {
      double[] p = Readout.labels(exemplar, manager, tokens, List.of(e))[0];
      assertEquals(0.5, p[e.answer()], 1e-6);
      assertEquals(0.5, p[e.distractor()], 1e-6);
    }
  }
}
