package org.rulex.suite.hijack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The criteria of issue 13 judged on made-up results: a set built to meet every criterion passes
 * them all, and each one breaks when its own figure is moved across its bound.
 */
class HijackReportTest {
  private static final HijackSpec SPEC = HijackSpec.DEFAULTS;

  /** Probe figures of a model that copies from context (tf2-like) or does not (flat). */
  private static JsonObject probe(boolean copies, int length, int m, int n) {
    double pO = copies ? (double) m / (m + n + 2) : 0.01;
    double pBest = copies ? 0.5 * (n + 1) / (m + n + 2) : 0.6;
    double argmaxO = copies ? (m >= 2 ? 0.7 : 0.3 * m) : 0.01;
    double argmaxBest = m == 0 && n == 0 ? 0.9 : copies ? (m == n ? 0.6 : 0.2) : 0.85;
    JsonObject p = new JsonObject();
    p.addProperty("length", length);
    p.addProperty("m", m);
    p.addProperty("n", n);
    p.addProperty("probes", 256);
    p.addProperty("pO", pO);
    p.addProperty("pBest", pBest);
    p.addProperty("argmaxO", argmaxO);
    p.addProperty("argmaxBest", argmaxBest);
    p.addProperty("balance", pO / (pO + pBest));
    return p;
  }

  /** One layer's shares; the all-repeats induction share is a quarter below the trigger one, as measured. */
  private static JsonObject layer(double previous, double triggerInduction) {
    JsonObject l = new JsonObject();
    JsonArray p = new JsonArray(), i = new JsonArray(), t = new JsonArray();
    p.add(previous);
    i.add(triggerInduction / 4);
    t.add(triggerInduction);
    l.add("previousToken", p);
    l.add("induction", i);
    l.add("triggerInduction", t);
    return l;
  }

  private static JsonObject run(String model, long seed, double accuracy, boolean copies, double[][] attention) {
    JsonObject r = new JsonObject();
    r.addProperty("model", model);
    r.addProperty("seed", seed);
    r.addProperty("inContextAccuracy", accuracy + 0.01 * (seed - 1));
    r.addProperty("globalLoss", 2.3);
    r.addProperty("oracleLoss", 2.2);
    r.addProperty("trainSeconds", 100);
    r.addProperty("unitSeconds", 110);
    JsonArray probes = new JsonArray();
    for (int length : SPEC.probes().lengths())
      for (List<Integer> c : SPEC.probes().cells()) probes.add(probe(copies, length, c.get(0), c.get(1)));
    r.add("probes", probes);
    if (attention != null) {
      JsonObject a = new JsonObject();
      JsonArray layers = new JsonArray();
      for (double[] l : attention) layers.add(layer(l[0], l[1]));
      a.add("layers", layers);
      r.add("attention", a);
      // Every head ablated both ways: a copying model loses in-context accuracy down to 0.5 and keeps its global loss.
      JsonArray ablations = new JsonArray();
      for (int l = 0; l < attention.length; l++)
        for (String kind : new String[] {"zero", "uniform"}) {
          JsonObject x = new JsonObject();
          x.addProperty("layer", l);
          x.addProperty("head", 0);
          x.addProperty("kind", kind);
          x.addProperty("inContextAccuracy", copies ? 0.5 : accuracy);
          x.addProperty("globalLoss", 2.31);
          ablations.add(x);
        }
      r.add("ablations", ablations);
    }
    return r;
  }

  /** Results that meet every criterion. */
  private static Map<String, JsonObject> reproduced() {
    Map<String, JsonObject> results = new LinkedHashMap<>();
    for (long seed : SPEC.seeds()) {
      results.put(HijackSuite.key("tf2", seed), run("tf2", seed, 0.9, true, new double[][] {{0.8, 0.1}, {0.1, 0.7}}));
      results.put(HijackSuite.key("tf1", seed), run("tf1", seed, 0.55, false, new double[][] {{0.6, 0.1}}));
      results.put(HijackSuite.key("tf2-rope", seed), run("tf2-rope", seed, 0.88, true, new double[][] {{0.8, 0.1}, {0.1, 0.6}}));
      results.put(HijackSuite.key("lstm", seed), run("lstm", seed, 0.58, false, null));
      results.put(HijackSuite.key("lin2", seed), run("lin2", seed, 0.57, false, null));
    }
    return results;
  }

  private static List<HijackReport.Verdict> judge(Map<String, JsonObject> results) {
    return new HijackReport(SPEC, GlobalBigram.dirichlet(32, 0.2, 0), results).verdicts();
  }

  @Test
  void resultsBuiltToMeetEveryCriterionPassThemAll() {
    List<HijackReport.Verdict> v = judge(reproduced());
    assertEquals(9, v.size());
    for (HijackReport.Verdict x : v) assertEquals(Boolean.TRUE, x.pass(), x.id() + ": " + x.figures());
    assertTrue(v.get(0).figures().contains("tf2 0.900 ["), v.get(0).figures());
    assertTrue(v.get(4).figures().contains("layer 2 induction at trigger positions 0.700 (over all repeated positions, last occurrence: 0.175)"), v.get(4).figures());
  }

  private static void breaks(int criterion, Consumer<Map<String, JsonObject>> change) {
    breaks(String.valueOf(criterion), change);
  }

  /** Breaking the results this way fails exactly the criteria with the given ids, and no other. */
  private static void breaks(String ids, Consumer<Map<String, JsonObject>> change) {
    List<String> broken = List.of(ids.split(","));
    Map<String, JsonObject> results = reproduced();
    change.accept(results);
    List<HijackReport.Verdict> v = judge(results);
    for (HijackReport.Verdict x : v)
      assertEquals(broken.contains(x.id()) ? Boolean.FALSE : Boolean.TRUE, x.pass(), "criterion " + x.id() + " after breaking " + ids + ": " + x.figures());
  }

  /** Sets a figure of tf2's ablations of one layer, one kind, on every seed. */
  private static void setAblation(Map<String, JsonObject> r, int layer, String kind, String field, double value) {
    for (long s : SPEC.seeds())
      for (var e : r.get(HijackSuite.key("tf2", s)).getAsJsonArray("ablations")) {
        JsonObject a = e.getAsJsonObject();
        if (a.get("layer").getAsInt() == layer && a.get("kind").getAsString().equals(kind)) a.addProperty(field, value);
      }
  }

  @Test
  void anAblationThatLeavesInContextAccuracyOrBreaksTheBigramFailsItsCriterion() {
    // An ablation that changed nothing (the accuracy of the intact model) fails.
    breaks("7-zero", r -> setAblation(r, 1, "zero", "inContextAccuracy", 0.9));
    breaks("8-uniform", r -> setAblation(r, 0, "uniform", "inContextAccuracy", 0.9));
    // An ablation that removes in-context accuracy but also the global bigram (loss 2.3 -> 2.5) fails.
    breaks("7-uniform", r -> setAblation(r, 1, "uniform", "globalLoss", 2.5));
    List<HijackReport.Verdict> v = judge(reproduced());
    assertTrue(v.get(5).figures().startsWith("layer 2 head 1: in-context accuracy 0.500"), v.get(5).figures());
    assertTrue(v.get(5).figures().contains("change 0.010"), v.get(5).figures());
  }

  @Test
  void aCriterionThatPassesOnTheMeanNamesTheSeedBelowItsThreshold() {
    Map<String, JsonObject> results = reproduced();
    // tf2 at 0.84, 0.95, 0.95: the mean (0.913) passes criterion 1, seed 0 alone does not.
    results.get(HijackSuite.key("tf2", 0)).addProperty("inContextAccuracy", 0.84);
    results.get(HijackSuite.key("tf2", 1)).addProperty("inContextAccuracy", 0.95);
    results.get(HijackSuite.key("tf2", 2)).addProperty("inContextAccuracy", 0.95);
    List<HijackReport.Verdict> v = new HijackReport(SPEC, GlobalBigram.dirichlet(32, 0.2, 0), results).verdictsWithSeeds();
    assertEquals(Boolean.TRUE, v.get(0).pass());
    assertTrue(v.get(0).figures().startsWith("mean passes; 1 of 3 seeds fail (seed 0). tf2 0.913"), v.get(0).figures());
    assertTrue(v.get(1).figures().startsWith("mean passes; all 3 seeds pass. "), v.get(1).figures());
  }

  private static void setProbe(JsonObject run, int m, int n, String field, double value) {
    for (var e : run.getAsJsonArray("probes")) {
      JsonObject p = e.getAsJsonObject();
      if (p.get("m").getAsInt() == m && p.get("n").getAsInt() == n) p.addProperty(field, value);
    }
  }

  @Test
  void eachCriterionFailsOnItsOwnFigure() {
    breaks(1, r -> SPEC.seeds().forEach(s -> r.get(HijackSuite.key("lstm", s)).addProperty("inContextAccuracy", 0.7)));
    breaks(2, r -> SPEC.seeds().forEach(s -> setProbe(r.get(HijackSuite.key("lin2", s)), 0, 0, "argmaxBest", 0.75)));
    breaks(3, r -> SPEC.seeds().forEach(s -> setProbe(r.get(HijackSuite.key("tf1", s)), 4, 0, "argmaxO", 0.08)));
    breaks(3, r -> SPEC.seeds().forEach(s -> setProbe(r.get(HijackSuite.key("tf2", s)), 3, 0, "pO", 0.1))); // not monotone
    breaks(4, r -> SPEC.seeds().forEach(s -> setProbe(r.get(HijackSuite.key("tf2", s)), 2, 2, "argmaxBest", 0.4)));
    breaks(4, r -> SPEC.seeds().forEach(s -> setProbe(r.get(HijackSuite.key("tf2", s)), 3, 1, "balance", 0.3)));
    breaks(5, r -> SPEC.seeds().forEach(s -> r.get(HijackSuite.key("tf1", s)).getAsJsonObject("attention").getAsJsonArray("layers")
        .set(0, layer(0.6, 0.55))));
  }

  @Test
  void intervalsStopAtTheEndsOfWhatAFigureCanTake() {
    Map<String, JsonObject> results = reproduced();
    // Accuracies 0.99, 0.5 and 0.99 over the three seeds: a t-interval reaching far past 1.
    List<Long> seeds = SPEC.seeds();
    for (int i = 0; i < seeds.size(); i++) results.get(HijackSuite.key("tf2", seeds.get(i))).addProperty("inContextAccuracy", i == 1 ? 0.5 : 0.99);
    String figures = judge(results).get(0).figures();
    assertTrue(figures.matches(".*tf2 0\\.827 \\[0\\.\\d{3}, 1\\.000\\].*"), figures);
  }

  @Test
  void missingModelsLeaveTheirCriteriaUnjudged() {
    Map<String, JsonObject> results = reproduced();
    results.keySet().removeIf(k -> k.startsWith("tf1"));
    List<HijackReport.Verdict> v = judge(results);
    assertEquals(null, v.get(0).pass());
    assertEquals(Boolean.TRUE, v.get(1).pass());
    assertEquals(null, v.get(2).pass());
    assertEquals(null, v.get(4).pass());
  }
}
