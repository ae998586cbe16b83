package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.Suites;

/** The report on hand-made unit results: figures, pairing by seed, and the criteria's verdicts. */
class RulesReportTest {
  private static final RulesSuite SUITE = (RulesSuite) Suites.parse(
      "{\"suite\": \"rules\", \"inWeights\": {\"models\": [\"tf2\", \"lstm\"], \"seeds\": 3},"
          + " \"inContext\": {\"models\": [\"tf2\"], \"reference\": \"tf2\", \"rhos\": [0, 0.5, 1], \"seeds\": 2}}",
      "spec").suite();

  private static JsonObject weights(double[] pRule, double[] pDistractor) {
    JsonArray seeds = new JsonArray();
    for (int s = 0; s < pRule.length; s++) {
      JsonObject o = new JsonObject();
      o.addProperty("seed", s);
      o.addProperty("pRule", pRule[s]);
      o.addProperty("pDistractor", pDistractor[s]);
      o.addProperty("r", pRule[s] / (pRule[s] + pDistractor[s]));
      o.addProperty("trainAccuracy", 1.0);
      seeds.add(o);
    }
    JsonObject r = new JsonObject();
    r.add("seeds", seeds);
    return r;
  }

  /** One test stimulus's read-out, as a unit result holds it (shared with RulesReportV2Test). */
  static JsonObject score(double pRule, double pDistractor, double argmax) {
    JsonObject o = new JsonObject();
    o.addProperty("pRule", pRule);
    o.addProperty("pDistractor", pDistractor);
    o.addProperty("r", pRule / (pRule + pDistractor));
    o.addProperty("argmaxRule", argmax);
    return o;
  }

  private static JsonObject context(double accuracy, double pRule, double pDistractor, double controlRule) {
    JsonObject o = new JsonObject();
    o.add("exemplar", score(1, 0, accuracy));
    o.add("rule", score(1, 0, 0.5));
    o.add("partial", score(pRule, pDistractor, 0));
    o.add("control", score(controlRule, 0.1, 0));
    return o;
  }

  private static Map<String, JsonObject> results() {
    Map<String, JsonObject> r = new HashMap<>();
    r.put("weights__tf2__partial", weights(new double[] {0.9, 0.8, 0.85}, new double[] {0.05, 0.1, 0.1}));
    r.put("weights__tf2__control", weights(new double[] {0.95, 0.85, 0.9}, new double[] {0.01, 0.01, 0.01}));
    r.put("weights__lstm__partial", weights(new double[] {0.5}, new double[] {0.5}));
    // lstm control not finished: its pull has no seeds.
    r.put("context__tf2__rho0.00__s0", context(0.97, 0.3, 0.6, 0.5));
    r.put("context__tf2__rho0.00__s1", context(0.99, 0.3, 0.5, 0.5));
    r.put("context__tf2__rho0.50__s0", context(0.9, 0.5, 0.4, 0.6));
    r.put("context__tf2__rho1.00__s0", context(0.6, 0.7, 0.1, 0.8));
    r.put("context__tf2__rho1.00__s1", context(0.6, 0.8, 0.1, 0.8));
    return r;
  }

  private static double mean(JsonObject o, String... path) {
    JsonObject x = o;
    for (int i = 0; i < path.length - 1; i++) x = x.getAsJsonObject(path[i]);
    return x.getAsJsonObject(path[path.length - 1]).get("mean").getAsDouble();
  }

  @Test
  void figuresAreMeansOverSeedsAndThePullPairsConditionsBySeed() {
    JsonObject summary = SUITE.report(results()).summary();
    JsonObject tf2 = summary.getAsJsonObject("inWeights").getAsJsonObject("tf2");
    assertEquals((0.9 + 0.8 + 0.85) / 3, mean(tf2, "partial", "pRule"), 1e-12);
    assertEquals((0.05 + 0.05 + 0.05) / 3, mean(tf2, "exemplarPull"), 1e-12);
    assertEquals(3, tf2.getAsJsonObject("exemplarPull").get("seeds").getAsInt());
    JsonObject lstm = summary.getAsJsonObject("inWeights").getAsJsonObject("lstm");
    assertEquals(0, lstm.getAsJsonObject("exemplarPull").get("seeds").getAsInt());
    assertTrue(lstm.getAsJsonObject("exemplarPull").get("mean").isJsonNull());
    JsonObject rho0 = summary.getAsJsonObject("inContext").getAsJsonArray("tf2").get(0).getAsJsonObject();
    assertEquals(0.0, rho0.get("rho").getAsDouble());
    assertEquals((0.3 / 0.9 + 0.3 / 0.8) / 2, mean(rho0, "partial", "r"), 1e-12);
    assertEquals(0.2, mean(rho0, "exemplarPull"), 1e-12);
    assertEquals(8, summary.get("finishedUnits").getAsInt());
    assertEquals(4 + 6, summary.get("units").getAsInt());
  }

  @Test
  void criteriaAreJudgedOnTheReferenceModel() {
    JsonArray criteria = SUITE.report(results()).summary().getAsJsonArray("criteria");
    // 1: r = mean of 0.947, 0.889, 0.895 >= .8 and pull .05 <= .1.
    assertEquals(true, pass(criteria, 1));
    // 2: accuracy .98 >= .95 and r .354 <= .5.
    assertEquals(true, pass(criteria, 2));
    // 3: r .354 < .556 < .883, and r(1) - r(0) = .53 >= .3.
    assertEquals(true, pass(criteria, 3));
    // 4: lstm has no control yet in weights, and no in-context model is an LSTM.
    assertEquals(false, pass(criteria, 4));
    String measured = criteria.get(3).getAsJsonObject().get("measured").getAsString();
    assertTrue(measured.contains("missing lstm"), measured);
    assertTrue(measured.contains("no in-context model of lstm"), measured);
  }

  @Test
  void criterionFourWantsEveryArchitectureInContextWithEveryRunOfItsGrid() {
    RulesSuite suite = (RulesSuite) Suites.parse(
        "{\"suite\": \"rules\", \"inWeights\": {\"models\": [\"tf2\", \"lstm\"], \"seeds\": 3},"
            + " \"inContext\": {\"models\": [\"tf2\", \"lstm\"], \"reference\": \"tf2\", \"rhos\": [0, 0.5, 1], \"seeds\": 2,"
            + " \"otherModels\": {\"rhos\": [0, 1], \"seeds\": 1}}}",
        "spec").suite();
    Map<String, JsonObject> r = results();
    r.put("weights__lstm__control", weights(new double[] {0.9}, new double[] {0.05}));
    r.put("context__tf2__rho0.50__s1", context(0.9, 0.5, 0.4, 0.6));
    r.put("context__lstm__rho0.00__s0", context(0.5, 0.4, 0.4, 0.4));
    assertEquals(false, pass(suite.report(r).summary().getAsJsonArray("criteria"), 4), "lstm at rho 1 has not run");
    r.put("context__lstm__rho1.00__s0", context(0.5, 0.4, 0.4, 0.4));
    JsonObject summary = suite.report(r).summary();
    assertEquals(true, pass(summary.getAsJsonArray("criteria"), 4));
    assertEquals(2, summary.getAsJsonObject("inContext").getAsJsonArray("lstm").size(), "the LSTM's rows are its own grid's");
    String markdown = suite.report(r).markdown();
    assertTrue(markdown.contains("tf2: rho 0, 0.5, 1, 2 seeds each; the other models: rho 0, 1, 1 seed each;"), markdown);
  }

  @Test
  void aFallingCurveOrAWeakRuleFailsAndMissingUnitsAreNotJudged() {
    Map<String, JsonObject> r = results();
    r.put("context__tf2__rho0.50__s0", context(0.9, 0.1, 0.8, 0.6)); // r .11: below rho 0
    r.put("weights__tf2__partial", weights(new double[] {0.5, 0.5, 0.5}, new double[] {0.4, 0.4, 0.4}));
    JsonArray criteria = SUITE.report(r).summary().getAsJsonArray("criteria");
    assertEquals(false, pass(criteria, 1));
    assertEquals(false, pass(criteria, 3));
    r.keySet().removeIf(k -> k.startsWith("context__"));
    criteria = SUITE.report(r).summary().getAsJsonArray("criteria");
    assertTrue(criteria.get(1).getAsJsonObject().get("pass").isJsonNull());
    assertTrue(criteria.get(2).getAsJsonObject().get("pass").isJsonNull());
  }

  @Test
  void theSectionsAreMarkdownAndAnHtmlFragmentWithAFigure() {
    SuiteReport report = SUITE.report(results());
    assertTrue(report.markdown().startsWith("## "));
    assertTrue(report.markdown().contains("| tf2 | 3 | 0.850 ["), report.markdown());
    assertTrue(report.html().startsWith("<h2>"));
    assertTrue(report.html().contains("<td class=\"verdict "), "the criteria's verdicts are marked");
    assertTrue(report.html().contains("<svg"));
    assertFalse(report.html().contains("NaN"));
    SuiteReport empty = SUITE.report(Map.of());
    assertTrue(empty.markdown().contains("Units finished: 0 of 10"));
    for (String line : List.of(empty.markdown().split("\n"))) assertFalse(line.contains("NaN"), line);
  }

  private static Boolean pass(JsonArray criteria, int number) {
    JsonObject c = criteria.get(number - 1).getAsJsonObject();
    assertEquals(number, c.get("number").getAsInt());
    return c.get("pass").isJsonNull() ? null : c.get("pass").getAsBoolean();
  }
}
