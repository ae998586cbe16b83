package org.rulex.suite.hijack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.suite.SuiteContext;
import org.rulex.suite.SpecErrors;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.Suites;

/** The spec, the units, and a tiny run of every unit through to the report. */
class HijackSuiteTest {

  /** Tiny: V = 8, T = 16, 30 steps, a 2-layer transformer of width 16, an LSTM and a linear-attention model. */
  static final String TINY = """
      {"suite": "hijack", "vocabulary": 8, "triggers": 2, "length": 16,
       "training": {"steps": 30, "batchSize": 8, "learningRate": 0.003, "clipNorm": 1.0, "logEvery": 10, "curveEvery": 15},
       "models": {
         "tf2": {"architecture": "transformer", "layers": 2, "dModel": 16, "heads": 2, "ffWidth": 32, "dropout": 0, "positions": "rotary", "maxPositions": 24},
         "lstm": {"architecture": "lstm", "layers": 1, "embedding": 8, "hidden": 16, "dropout": 0},
         "lin": {"architecture": "linear-attention", "layers": 1, "dModel": 8, "heads": 1, "ffWidth": 16, "dropout": 0, "positions": "learned", "maxPositions": 24}},
       "probes": {"perCell": 6, "cells": [[0, 0], [1, 0], [2, 0], [3, 0], [0, 2], [1, 1], [2, 0]], "lengths": [16, 24]},
       "evaluation": 20,
       "seeds": [0, 1]}
      """;

  @Test
  void theBuiltInSpecHasFiveModelsTimesThreeSeeds() {
    HijackSuite suite = (HijackSuite) Suites.load("hijack").suite();
    assertEquals(15, suite.units().size());
    assertEquals(List.of("tf2__s0", "tf2__s1", "tf2__s2"), suite.units().subList(0, 3));
    assertEquals(32, suite.bigram().size());
    assertEquals(HijackSpec.DEFAULTS.models().keySet(), suite.spec().models().keySet(), "the built-in spec and the defaults name the same models");
    // The calibration's figures for the seed-0 bigram (shared/SUITES.md): entropy 2.21 nats, mean max 0.29.
    assertEquals(2.21, suite.bigram().entropy(), 0.15);
    assertEquals(0.29, suite.bigram().meanTopProbability(), 0.08);
  }

  @Test
  void specMistakesAreNamedWhereTheyAre() {
    assertInstanceOf(JsonError.class, SpecErrors.assertRefused("{\"suite\": \"hijack\",\n \"trigers\": 3}", "s.json", "trigers", "2:"));
    SpecErrors.assertRefused("{\"suite\": \"hijack\", \"models\": {\"x\": {\"architecture\": \"transformer\", \"dModel\": \"big\"}}}", "s.json", "dModel");
    SpecErrors.assertRefused("{\"suite\": \"hijack\", \"vocabulary\": 4, \"triggers\": 4}", "s.json", "triggers");
    SpecErrors.assertRefused("{\"suite\": \"hijack\", \"probes\": {\"perCell\": 1, \"cells\": [[20, 20]], \"lengths\": [64]}}", "s.json", "no room");
    SpecErrors.assertRefused("{\"suite\": \"hijack\", \"models\": {\"a b\": {\"architecture\": \"lstm\"}}}", "s.json", "a b");
    HijackSuite suite = (HijackSuite) Suites.parse(TINY, "tiny").suite();
    assertThrows(UserError.class, () -> suite.runUnit("tf2__s7", new SuiteContext(Path.of("."), System.out)));
    assertThrows(UserError.class, () -> suite.runUnit("nothing", new SuiteContext(Path.of("."), System.out)));
  }

  @Test
  void aLanguageGivesTheBigramOfItsWords() {
    HijackSuite suite = (HijackSuite) Suites.parse(
        "{\"suite\": \"hijack\", \"triggers\": 2, \"bigram\": {\"source\": \"language\", \"language\": \"dyck3\", \"words\": 300}}", "s.json").suite();
    assertEquals(7, suite.bigram().size(), "dyck3: six brackets and a boundary");
    SpecErrors.assertRefused("{\"suite\": \"hijack\", \"vocabulary\": 7, \"bigram\": {\"source\": \"language\", \"language\": \"dyck3\"}}", "s.json", "vocabulary");
  }

  @Test
  void trainingBatchesAndProbesDependOnTheSeedOnly() {
    HijackSuite suite = (HijackSuite) Suites.parse(TINY, "tiny").suite();
    HijackSpec spec = suite.spec();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    HijackUnit a = new HijackUnit(spec, suite.bigram(), "tf2", null, 0, quiet), b = new HijackUnit(spec, suite.bigram(), "lstm", null, 0, quiet);
    HijackUnit c = new HijackUnit(spec, suite.bigram(), "tf2", null, 1, quiet);
    assertTrue(java.util.Arrays.equals(a.batch(5).inputs(), b.batch(5).inputs()));
    assertFalse(java.util.Arrays.equals(a.batch(5).inputs(), c.batch(5).inputs()));
    assertTrue(java.util.Arrays.equals(a.probeSet(1, 2).get(3).tokens(), b.probeSet(1, 2).get(3).tokens()));
    // Targets are the inputs shifted by one: input i + 1 is target i.
    var batch = a.batch(1);
    for (int row = 0; row < batch.size(); row++) {
      assertEquals(org.rulex.grammar.Vocabulary.SOS, batch.inputs()[row * 16]);
      for (int i = 0; i + 1 < 16; i++) assertEquals(batch.inputs()[row * 16 + i + 1], batch.targets()[row * 16 + i]);
    }
  }

  @Test
  void everyUnitRunsAndTheReportAggregatesThem() {
    HijackSuite suite = (HijackSuite) Suites.parse(TINY, "tiny").suite();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Map<String, JsonObject> results = new LinkedHashMap<>();
    for (String key : suite.units())
      results.put(key, suite.runUnit(key, new SuiteContext(Path.of("."), new PrintStream(log, true, StandardCharsets.UTF_8))));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("tf2 seed 0: step 30 loss"), log.toString(StandardCharsets.UTF_8));
    for (Map.Entry<String, JsonObject> e : results.entrySet()) {
      JsonObject r = e.getValue();
      // What the unit writes is what its record reads, strictly.
      org.rulex.json.StrictJson.bindNullAsNaN(org.rulex.json.StrictJson.fromGson(r, e.getKey()), suite.resultType(e.getKey()));
      double acc = r.get("inContextAccuracy").getAsDouble();
      assertTrue(acc >= 0 && acc <= 1, e.getKey() + ": accuracy " + acc);
      assertTrue(r.get("globalLoss").getAsDouble() > 0);
      assertEquals(14, r.getAsJsonArray("probes").size(), "7 cells at 2 lengths");
      for (JsonElement p : r.getAsJsonArray("probes")) {
        JsonObject o = p.getAsJsonObject();
        assertTrue(o.get("pO").getAsDouble() + o.get("pBest").getAsDouble() <= 1 + 1e-9);
        assertTrue(o.get("argmaxO").getAsDouble() + o.get("argmaxBest").getAsDouble() <= 1 + 1e-9);
      }
      assertEquals(2, r.getAsJsonArray("curve").size());
      assertEquals(e.getKey().startsWith("tf2"), r.has("attention"), e.getKey());
      // Every head of a transformer ablated both ways: 2 layers x 2 heads x 2.
      assertEquals(e.getKey().startsWith("tf2") ? 8 : 0, r.has("ablations") ? r.getAsJsonArray("ablations").size() : 0, e.getKey());
    }
    JsonObject heat = results.get("tf2__s0").getAsJsonObject("attention").getAsJsonObject("heatMap");
    assertEquals(16, heat.getAsJsonArray("tokens").size());
    assertEquals(2, heat.getAsJsonArray("layers").size());
    assertEquals(2, heat.getAsJsonArray("layers").get(0).getAsJsonArray().size(), "two heads");

    results.remove("lin__s1"); // a unit still running: the report takes what is there
    SuiteReport report = suite.report(results);
    assertTrue(report.markdown().startsWith("## "), report.markdown());
    assertTrue(report.html().startsWith("<h2>") && report.html().contains("<svg"), report.html());
    JsonObject models = report.summary().getAsJsonObject("models");
    assertEquals(2, models.getAsJsonObject("tf2").get("seeds").getAsInt());
    assertEquals(1, models.getAsJsonObject("lin").get("seeds").getAsInt());
    assertEquals(9, report.summary().getAsJsonArray("criteria").size());
    // The criteria name tf1, which this spec lacks: criterion 1 cannot be judged.
    assertEquals("not run", report.summary().getAsJsonArray("criteria").get(0).getAsJsonObject().get("verdict").getAsString());
  }
}
