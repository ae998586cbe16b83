package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rulex.report.Verdict;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.Suites;

/** Design v2's report on hand-made unit results: learned runs apart, and each verdict's three outcomes. */
class RulesReportV2Test {
  private static final RulesSuite SUITE = (RulesSuite) Suites.parse(
      "{\"suite\": \"rules\", \"design\": \"v2\", \"inWeights\": {\"models\": [\"tf2\"], \"reference\": \"tf2\", \"seeds\": 12},"
          + " \"inContext\": {\"models\": [\"tf2-pt\"], \"reference\": \"tf2-pt\", \"rhos\": [0, 1], \"seeds\": 7, \"otherModels\": null}}",
      "spec").suite();

  /** A run: accuracies on its two training kinds, P(rule) and P(distractor) on BX, and the control's. */
  private static JsonObject run(double exemplar, double rule, double pRule, double pDistractor, double controlRule, double controlDistractor) {
    JsonObject o = new JsonObject();
    o.add("exemplar", RulesReportTest.score(1, 0, exemplar));
    o.add("rule", RulesReportTest.score(1, 0, rule));
    o.add("partial", RulesReportTest.score(pRule, pDistractor, 0));
    o.add("control", RulesReportTest.score(controlRule, controlDistractor, 0));
    return o;
  }

  private static JsonObject weights(int seeds, double pRule, double pDistractor, double trainAccuracy) {
    JsonArray a = new JsonArray();
    for (int s = 0; s < seeds; s++) {
      JsonObject o = RulesReportTest.score(pRule + 0.001 * s, pDistractor, 1);
      o.addProperty("seed", s);
      o.addProperty("trainAccuracy", trainAccuracy);
      a.add(o);
    }
    JsonObject r = new JsonObject();
    r.add("seeds", a);
    return r;
  }

  private static Map<String, JsonObject> results(boolean ruleAtOne) {
    Map<String, JsonObject> r = new HashMap<>();
    r.put("reference__rule", run(1.0 / 3, 1, 1, 0, 1, 0));
    r.put("reference__exemplar", run(1, 0.25, 0.5, 0.5, 1, 0));
    r.put("weights__tf2__partial", weights(12, 0.95, 0.02, 1));
    r.put("weights__tf2__control", weights(12, 0.96, 0.01, 1));
    for (int s = 0; s < 7; s++) {
      double jitter = 0.01 * s;
      // rho = 0: six runs learned, exemplar-like (r .5, control r .9); seed 6 did not learn and is rule-like, which must not count.
      r.put(RulesSuite.contextKey("tf2-pt", 0, s), s < 6 ? run(0.95, 0.3, 0.45 + jitter, 0.45, 0.85, 0.1) : run(0.4, 0.3, 0.9, 0.05, 0.9, 0.05));
      r.put(RulesSuite.contextKey("tf2-pt", 1, s), ruleAtOne ? run(0.3, 0.95, 0.85 + jitter / 2, 0.1, 0.9, 0.05) : run(0.95, 0.95, 0.45 + jitter, 0.45, 0.85, 0.1));
    }
    return r;
  }

  private static String verdict(SuiteReport report, int number) {
    for (var c : report.summary().getAsJsonArray("criteria"))
      if (c.getAsJsonObject().get("number").getAsInt() == number) return c.getAsJsonObject().get("verdict").getAsString();
    throw new AssertionError("no criterion " + number);
  }

  @Test
  void learnedRunsAloneCarryTheVerdictsAndTheUnlearnedAreReportedApart() {
    SuiteReport report = SUITE.report(results(true));
    JsonObject zero = report.summary().getAsJsonObject("inContext").getAsJsonArray("tf2-pt").get(0).getAsJsonObject();
    assertEquals(6, zero.getAsJsonObject("learned").get("runs").getAsInt());
    assertEquals(1, zero.getAsJsonObject("unlearned").get("runs").getAsInt());
    assertEquals(0.5, zero.getAsJsonObject("unlearned").getAsJsonObject("r").get("mean").getAsDouble(), 0.5, "present");
    double learnedR = zero.getAsJsonObject("learned").getAsJsonObject("r").get("mean").getAsDouble();
    assertTrue(learnedR < 0.6, "the unlearned rule-like run is not in the learned mean: " + learnedR);
    assertEquals(Verdict.REPRODUCED.label(), verdict(report, 1));
    assertEquals(Verdict.REPRODUCED.label(), verdict(report, 2));
    assertEquals(Verdict.REPRODUCED.label(), verdict(report, 3));
    assertEquals(Verdict.PASS.label(), verdict(report, 4));
    String md = org.rulex.report.MarkdownRenderer.render(new org.rulex.report.Document("t", report.section()));
    assertTrue(md.contains("rule learner (scripted)") && md.contains("not learned"), md);
  }

  @Test
  void noRiseIsRefutedAndTooFewLearnedIsInconclusive() {
    SuiteReport flat = SUITE.report(results(false));
    assertEquals(Verdict.REFUTED.label(), verdict(flat, 3));
    Map<String, JsonObject> few = results(true);
    for (int s = 2; s < 7; s++) few.put(RulesSuite.contextKey("tf2-pt", 0, s), run(0.4, 0.3, 0.5, 0.5, 0.5, 0.5));
    SuiteReport report = SUITE.report(few);
    assertEquals(Verdict.INCONCLUSIVE.label(), verdict(report, 2));
    assertEquals(Verdict.INCONCLUSIVE.label(), verdict(report, 3));
    Map<String, JsonObject> unfit = results(true);
    unfit.put("weights__tf2__control", weights(12, 0.96, 0.01, 0.5));
    assertEquals(Verdict.INCONCLUSIVE.label(), verdict(SUITE.report(unfit), 1), "no seed fit its items: none counts");
    Map<String, JsonObject> broken = results(true);
    broken.put("reference__exemplar", run(1, 0.9, 0.5, 0.5, 1, 0));
    assertEquals(Verdict.FAIL.label(), verdict(SUITE.report(broken), 4), "an exemplar learner that solves rule episodes fails the design");
  }
}
