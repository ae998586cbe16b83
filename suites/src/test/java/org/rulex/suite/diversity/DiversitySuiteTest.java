package org.rulex.suite.diversity;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;
import org.rulex.suite.SpecErrors;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.Suites;

/** The spec (strict, built-in), the units it makes, and the report's verdicts on made-up results. */
class DiversitySuiteTest {

  @Test
  void theBuiltInSpecMakesTheIssuesSweep() {
    DiversitySuite suite = (DiversitySuite) Suites.load("diversity").suite();
    DiversitySpec spec = suite.spec();
    assertEquals(List.of(5, 10, 15), spec.regression().dimensions());
    assertEquals(List.of(0.5, 0.6, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 4.0), spec.regression().taskRatios());
    assertTrue(spec.regression().seeds().size() >= 5, "at least 5 seeds near the threshold");
    assertEquals(List.of("transformer", "linear-attention", "lstm"), List.copyOf(spec.markov().architectures().keySet()));
    int seeds = spec.seeds().size();
    assertTrue(seeds >= 3);
    assertEquals(3 * spec.regression().seeds().size() + seeds * 3 * 5, suite.units().size());
    assertTrue(suite.units().contains("regression__d15__s0"));
    assertTrue(suite.units().contains("markov__lstm__Kinf__s2"));
    for (String key : suite.units()) assertTrue(key.matches("[A-Za-z0-9._-]+"), key);
    assertEquals(DiversitySpec.DEFAULTS, spec, "the built-in spec spells out the defaults");
  }

  @Test
  void unknownKeysAndBadValuesAreErrorsAtTheirPlace() {
    SpecErrors.assertRefused("{\"suite\": \"diversity\",\n \"regression\": {\"epoch\": 3}}", "spec.json", "spec.json:2:", "epoch");
    SpecErrors.assertRefused("{\"suite\": \"diversity\", \"markov\": {\"scoreFrom\": 64}}", "spec.json", "scoreFrom");
    SpecErrors.assertRefused("{\"suite\": \"diversity\", \"markov\": {\"architectures\": {\"x\": {\"architecture\": \"gru\"}}}}", "spec.json", "gru");
    SpecErrors.assertRefused("{\"suite\": \"diversity\", \"seeds\": [1, 1]}", "spec.json");
  }

  @Test
  void seedsAreCutAwayFromTheThresholdNotNearIt() {
    RegressionSpec r = new RegressionSpec(List.of(5), 10, List.of(0.5, 1.0, 1.25, 4.0), List.of(7L, 3L, 9L), List.of(0.9, 1.3), 1, 0.01, 1, 0, 1);
    assertEquals(List.of(0.5, 1.0, 1.25, 4.0), r.ratios(7));
    assertEquals(List.of(1.0, 1.25), r.ratios(3));
    assertEquals(List.of(1.0, 1.25), r.ratios(9));
    // round(ratio D^2): 0.5 x 25 = 12.5 -> 13; every whole P of [0.9, 1.3] x 25 = [22.5, 32.5].
    assertEquals(13, RegressionSpec.tasks(0.5, 5));
    assertEquals(23, r.exactCurveTasks(5).get(0));
    assertEquals(32, r.exactCurveTasks(5).get(r.exactCurveTasks(5).size() - 1));
    DiversitySuite suite = new DiversitySuite(new DiversitySpec("diversity", List.of(0L), r, DiversitySpec.DEFAULTS.markov()));
    assertEquals(List.of("regression__d5__s7", "regression__d5__s3", "regression__d5__s9"), suite.units().subList(0, 3));
    assertThrows(UserError.class, () -> new RegressionSpec(List.of(5), 10, List.of(1.0), List.of(1L), List.of(0.9, 1.3), 2, 0.01, 1, 0, 1));
  }

  @Test
  void anUnknownUnitIsAUserError() {
    DiversitySuite suite = new DiversitySuite(DiversitySpec.DEFAULTS);
    assertThrows(UserError.class, () -> suite.runUnit("markov__gru__K4__s0", null));
  }

  @Test
  @Tag("slow") // each report bootstraps 500 resamples of ten seeds for three D: seconds idle, tens of them under load
  void theReportPassesCurvesThatMeetTheCriteriaAndFailsOnesThatDoNot() {
    DiversitySuite suite = new DiversitySuite(DiversitySpec.DEFAULTS);
    // A textbook transition: MSE 2 up to P = D^2, 0.2 from 1.1 D^2; G rising through 0.5 at K = 16.
    Map<String, JsonObject> good = results(suite, (d, seed, a) -> a <= 1.0 ? 2.0 : 0.2, a -> a <= 0.5 ? 0.1 : 0.9,
        k -> k == 0 ? 0.95 : k <= 8 ? 0.0 : k == 16 ? 0.5 : 0.9);
    SuiteReport report = suite.report(good);
    Map<String, Boolean> verdicts = verdicts(report);
    for (String id : List.of("C1.d5.mse-low-P", "C1.d10.mse-high-P", "C1.d15.midpoint", "C1.d10.cosine", "C2.low-K", "C2.high-K", "C2.monotone"))
      assertTrue(verdicts.get(id), id + " in " + report.summary());
    assertTrue(report.markdown().startsWith("## "));
    assertTrue(report.html().startsWith("<h2>") && report.html().contains("<svg"));
    // K* for G = 0 at 8 and 0.5 at 16 is 16 exactly, for every architecture and seed.
    JsonObject kStar = report.summary().getAsJsonObject("markov").getAsJsonObject("lstm").getAsJsonObject("kStar");
    assertEquals(16, kStar.get("geometricMeanOverSeeds").getAsDouble(), 1e-6);
    // The step lies between the grid points 1.0 and 1.1.
    double alpha = report.summary().getAsJsonObject("regression").getAsJsonObject("D10").getAsJsonObject("transitionMse").get("alpha").getAsDouble();
    assertTrue(alpha >= 1.0 && alpha <= 1.1, "midpoint " + alpha);
    JsonObject peak = report.summary().getAsJsonObject("regression").getAsJsonObject("D10").getAsJsonObject("exactPeak");
    assertEquals(110, peak.get("peakOfGeometricMean").getAsInt());
    assertEquals(10, peak.get("seedsPeakingAtCouplings").getAsInt());

    // The transition too early (MSE already 0.2 at P = 0.8 D^2) and no in-context learning at all.
    Map<String, JsonObject> bad = results(suite, (d, seed, a) -> a <= 0.6 ? 2.0 : 0.2, a -> 0.5, k -> 0.1);
    Map<String, Boolean> v = verdicts(suite.report(bad));
    assertFalse(v.get("C1.d10.midpoint"));
    assertFalse(v.get("C1.d5.cosine"));
    assertFalse(v.get("C2.high-K"));
    assertFalse(v.get("C2.k-star"));

    // Missing units are counted and make the verdicts fail rather than pass on partial data.
    Map<String, JsonObject> partial = new HashMap<>(good);
    partial.keySet().removeIf(k -> k.startsWith("markov__transformer__K64"));
    SuiteReport r = suite.report(partial);
    assertEquals(3, r.summary().get("unitsMissing").getAsInt());
    assertTrue(r.markdown().contains("not finished"));
  }

  @Test
  @Tag("slow") // each report bootstraps 500 resamples of ten seeds for three D: seconds idle, tens of them under load
  void aCriterionThatPassesOnTheMeanNamesTheSeedThatFailsAlone() {
    DiversitySuite suite = new DiversitySuite(DiversitySpec.DEFAULTS);
    // Seed 3 alone sits at 0.35 at P = 4 D^2 for D = 10; the mean over the seeds that run it stays below 0.3.
    int away = suite.spec().regression().seedsAway();
    assertTrue(away >= 4 && suite.spec().regression().runsAway(3));
    Map<String, JsonObject> results = results(suite, (d, seed, a) -> a >= 4 && d == 10 && seed == 3 ? 0.35 : a <= 1.0 ? 2.0 : 0.2,
        a -> a <= 0.5 ? 0.1 : 0.9, k -> k == 0 ? 0.95 : k <= 8 ? 0.0 : 0.9);
    SuiteReport report = suite.report(results);
    JsonObject high = criterion(report, "C1.d10.mse-high-P");
    assertTrue(high.get("pass").getAsBoolean());
    assertTrue(high.get("measured").getAsString().contains("mean passes; 1 of " + away + " seeds fail (seed 3)"), high.toString());
    assertEquals(3, high.getAsJsonObject("perSeed").getAsJsonArray("seedsFailing").get(0).getAsLong());
    assertTrue(criterion(report, "C1.d5.mse-high-P").get("measured").getAsString().contains("all " + away + " seeds pass"));
  }

  @Test
  @Tag("slow") // each report bootstraps 500 resamples of ten seeds for three D: seconds idle, tens of them under load
  void theScalingVerdictTellsDSquaredFromDTimesDPlusOne() {
    DiversitySuite suite = new DiversitySuite(DiversitySpec.DEFAULTS);
    for (boolean couplings : List.of(false, true)) {
      // A smooth step in ln(P/D^2) of width 0.1, centred at 1.2 D^2 or at 1.2 D(D+1)/D^2 D^2.
      Map<String, JsonObject> results = results(suite, (d, seed, a) -> {
        double centre = 1.2 * (couplings ? (d + 1.0) / d : 1);
        return Math.exp(Math.log(0.2) + Math.log(10) / (1 + Math.exp((Math.log(a) - Math.log(centre)) / 0.1))) * (1 + 0.01 * seed);
      }, a -> 0.5, k -> 0.5);
      JsonObject scaling = suite.report(results).summary().getAsJsonObject("regression").getAsJsonObject("scaling");
      assertEquals(couplings ? "D(D+1)" : "D^2", scaling.get("scalesAs").getAsString(), scaling.toString());
      assertEquals(couplings ? (1.2 / (16.0 / 15)) : 1, scaling.get("ratio").getAsDouble(), 0.01);
    }
  }

  private static JsonObject criterion(SuiteReport report, String id) {
    for (JsonElement e : report.summary().getAsJsonArray("criteria"))
      if (e.getAsJsonObject().get("id").getAsString().equals(id)) return e.getAsJsonObject();
    throw new AssertionError("no criterion " + id);
  }

  /** A test MSE as a function of D, seed and P/D^2 (of the whole P the ratio gives). */
  interface MseCurve {
    double at(int dimension, long seed, double ratio);
  }

  private static Map<String, Boolean> verdicts(SuiteReport report) {
    Map<String, Boolean> out = new HashMap<>();
    for (JsonElement e : report.summary().getAsJsonArray("criteria")) {
      JsonObject c = e.getAsJsonObject();
      if (c.has("pass")) out.put(c.get("id").getAsString(), c.get("pass").getAsBoolean());
    }
    return out;
  }

  /** Unit results with the given curves (seed-independent), shaped as the units write them. */
  private static Map<String, JsonObject> results(DiversitySuite suite, MseCurve mse,
      java.util.function.DoubleUnaryOperator cosine, java.util.function.IntToDoubleFunction gain) {
    Map<String, JsonObject> out = new HashMap<>();
    for (String key : suite.units()) {
      DiversitySuite.Unit u = suite.unit(key);
      JsonObject r = new JsonObject();
      if (u.architecture() == null) {
        JsonArray rows = new JsonArray();
        int d = u.dimension();
        for (double ratio : suite.spec().regression().ratios(u.seed())) {
          JsonObject row = new JsonObject();
          row.addProperty("tasks", RegressionSpec.tasks(ratio, d));
          for (String which : List.of("trained", "exact")) {
            JsonObject f = new JsonObject();
            f.addProperty("trainMse", 0.0);
            f.addProperty("testMse", mse.at(d, u.seed(), RegressionSpec.tasks(ratio, d) / (double) (d * d)));
            f.addProperty("cosine", cosine.applyAsDouble(ratio));
            row.add(which, f);
          }
          rows.add(row);
        }
        r.add("rows", rows);
        // The exact curve peaks at D(D+1).
        JsonArray curve = new JsonArray();
        for (int p : suite.spec().regression().exactCurveTasks(d)) {
          JsonObject point = new JsonObject();
          point.addProperty("tasks", p);
          point.addProperty("testMse", p == d * (d + 1) ? 9.0 : 1.0);
          point.addProperty("cosine", 0.5);
          curve.add(point);
        }
        r.add("exactCurve", curve);
      } else {
        double lnK = Math.log(4), bayes = 1.17;
        JsonObject unseen = new JsonObject();
        double g = gain.applyAsDouble(u.poolSize());
        unseen.addProperty("modelNll", lnK - g * (lnK - bayes));
        unseen.addProperty("bayesNll", bayes);
        unseen.addProperty("poolPosteriorNll", 1.4);
        unseen.addProperty("gain", g);
        r.add("unseen", unseen);
      }
      out.put(key, r);
    }
    return out;
  }
}
