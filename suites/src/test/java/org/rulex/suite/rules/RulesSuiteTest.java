package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.suite.SuiteContext;
import org.rulex.suite.Suites;

/**
 * Units of a tiny spec, run for real (a few steps): what a result holds, and that in-weights training
 * fits its items. (This tiny LSTM with 0.02-scale input rows stayed at the label marginal for 200
 * steps; with unit-scale rows it fits.)
 */
class RulesSuiteTest {
  private static final String TINY = """
      {"suite": "rules",
       "models": {"tf": {"architecture": "transformer", "layers": 1, "dModel": 16, "heads": 2, "ffWidth": 32, "dropout": 0, "maxPositions": 24},
                  "lstm": {"architecture": "lstm", "layers": 1, "embedding": 16, "hidden": 16, "dropout": 0, "inputStd": 1}},
       "inWeights": {"models": ["tf", "lstm"], "reference": "tf", "seeds": 2, "steps": 200, "learningRate": 0.01},
       "inContext": {"models": ["tf"], "reference": "tf", "rhos": [0, 1], "seeds": 1, "steps": 20, "batchSize": 8, "evalEpisodes": 30, "logEvery": 10}}
      """;

  @TempDir Path out;

  private JsonObject run(RulesSuite suite, String key, ByteArrayOutputStream log) {
    JsonObject result = suite.runUnit(key, new SuiteContext(out, new PrintStream(log, true, StandardCharsets.UTF_8)));
    // What the unit writes is what its record reads, strictly.
    org.rulex.json.StrictJson.bindNullAsNaN(org.rulex.json.StrictJson.fromGson(result, key), suite.resultType(key));
    return result;
  }

  @Test
  void inWeightsUnitsFitTheSixItemsAndPairTheirDesignsBySeed() {
    RulesSuite suite = (RulesSuite) Suites.parse(TINY, "tiny").suite();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    for (String model : new String[] {"tf", "lstm"}) {
      JsonObject partial = run(suite, "weights__" + model + "__partial", log);
      JsonObject control = run(suite, "weights__" + model + "__control", log);
      assertEquals("partial", partial.get("condition").getAsString());
      assertEquals(2, partial.getAsJsonArray("seeds").size());
      for (int s = 0; s < 2; s++) {
        JsonObject p = partial.getAsJsonArray("seeds").get(s).getAsJsonObject();
        JsonObject c = control.getAsJsonArray("seeds").get(s).getAsJsonObject();
        assertEquals(p.get("design"), c.get("design"), "seed " + s + ": the same design in both conditions");
        assertEquals(1.0, p.get("trainAccuracy").getAsDouble(), model + " seed " + s + " did not fit its six items");
        double rule = p.get("pRule").getAsDouble(), distractor = p.get("pDistractor").getAsDouble();
        assertTrue(rule >= 0 && distractor >= 0 && rule + distractor <= 1 + 1e-9, p.toString());
        assertEquals(rule / (rule + distractor), p.get("r").getAsDouble(), 1e-12);
      }
    }
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("tf partial seed 1: loss"), log.toString(StandardCharsets.UTF_8));
  }

  @Test
  void designV2UnitsReadThroughTheirRecordsAndTrainOnTheBalancedItems() {
    RulesSuite suite = (RulesSuite) Suites.parse(TINY.replace("{\"suite\": \"rules\",", "{\"suite\": \"rules\", \"design\": \"v2\",")
        .replace("\"seeds\": 2, \"steps\": 200", "\"seeds\": 1, \"steps\": 100"), "tiny v2").suite();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JsonObject exemplar = run(suite, "reference__exemplar", log);
    assertEquals("exemplar", exemplar.get("learner").getAsString());
    assertEquals(0.5, exemplar.getAsJsonObject("partial").get("r").getAsDouble(), 0.02);
    JsonObject partial = run(suite, "weights__tf__partial", log);
    JsonObject design = partial.getAsJsonArray("seeds").get(0).getAsJsonObject().getAsJsonObject("design");
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("tf partial seed 0"), log.toString(StandardCharsets.UTF_8));
    assertTrue(design.get("X").getAsInt() != design.get("U").getAsInt());
    JsonObject r = run(suite, "context__tf__rho0.00__s0", log);
    JsonObject last = r.getAsJsonArray("curve").get(1).getAsJsonObject();
    assertTrue(last.has("ruleAccuracy") && last.get("ruleAccuracy").getAsDouble() >= 0, last.toString());
  }

  @Test
  void anInContextUnitReportsItsCurveAndEveryTest() {
    RulesSuite suite = (RulesSuite) Suites.parse(TINY, "tiny").suite();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JsonObject r = run(suite, "context__tf__rho1.00__s0", log);
    assertEquals(1.0, r.get("rho").getAsDouble());
    assertEquals(2, r.getAsJsonArray("curve").size());
    assertEquals(20, r.getAsJsonArray("curve").get(1).getAsJsonObject().get("step").getAsInt());
    for (String test : new String[] {"exemplar", "rule", "partial", "control"}) {
      JsonObject t = r.getAsJsonObject(test);
      assertEquals(30, t.get("episodes").getAsInt(), test);
      for (String k : new String[] {"pRule", "pDistractor", "argmaxRule"}) {
        double v = t.get(k).getAsDouble();
        assertTrue(v >= 0 && v <= 1, test + " " + k + " = " + v);
      }
    }
    assertEquals(0.0, r.getAsJsonObject("exemplar").get("pDistractor").getAsDouble(), "training episodes have no distractor");
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("step 10, loss"));
    for (JsonElement point : r.getAsJsonArray("curve")) assertTrue(Double.isFinite(point.getAsJsonObject().get("loss").getAsDouble()));
  }
}
