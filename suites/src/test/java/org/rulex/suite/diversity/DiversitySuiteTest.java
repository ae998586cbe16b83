package org.rulex.suite.diversity;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    assertEquals(List.of(5, 10, 25, 50, 100, 200, 400, 1000, 3000), spec.regression().taskCounts());
    assertEquals(List.of("transformer", "linear-attention", "lstm"), List.copyOf(spec.markov().architectures().keySet()));
    int seeds = spec.seeds().size();
    assertTrue(seeds >= 3);
    assertEquals(seeds + seeds * 3 * 5, suite.units().size());
    assertTrue(suite.units().contains("regression__s0"));
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
  void anUnknownUnitIsAUserError() {
    DiversitySuite suite = new DiversitySuite(DiversitySpec.DEFAULTS);
    assertThrows(UserError.class, () -> suite.runUnit("markov__gru__K4__s0", null));
  }

  @Test
  void theReportPassesCurvesThatMeetTheCriteriaAndFailsOnesThatDoNot() {
    DiversitySuite suite = new DiversitySuite(DiversitySpec.DEFAULTS);
    // A textbook transition: MSE 2 up to P = 100, 0.2 from 200; G rising through 0.5 at K = 16.
    Map<String, JsonObject> good = results(suite, p -> p <= 100 ? 2.0 : 0.2, p -> p <= 50 ? 0.1 : 0.9,
        k -> k == 0 ? 0.95 : k <= 8 ? 0.0 : k == 16 ? 0.5 : 0.9);
    SuiteReport report = suite.report(good);
    Map<String, Boolean> verdicts = verdicts(report);
    for (String id : List.of("C1.mse-low-P", "C1.mse-high-P", "C1.midpoint", "C1.cosine", "C2.low-K", "C2.high-K", "C2.monotone"))
      assertTrue(verdicts.get(id), id + " in " + report.summary());
    assertTrue(report.markdown().startsWith("## "));
    assertTrue(report.html().startsWith("<h2>") && report.html().contains("<svg"));
    // K* for G = 0 at 8 and 0.5 at 16 is 16 exactly, for every architecture and seed.
    JsonObject kStar = report.summary().getAsJsonObject("markov").getAsJsonObject("lstm").getAsJsonObject("kStar");
    assertEquals(16, kStar.get("geometricMeanOverSeeds").getAsDouble(), 1e-6);

    // The transition too early (MSE already 0.2 at P = 50) and no in-context learning at all.
    Map<String, JsonObject> bad = results(suite, p -> p < 50 ? 2.0 : 0.2, p -> 0.5, k -> 0.1);
    Map<String, Boolean> v = verdicts(suite.report(bad));
    assertFalse(v.get("C1.mse-low-P"));
    assertFalse(v.get("C1.midpoint"));
    assertFalse(v.get("C1.cosine"));
    assertFalse(v.get("C2.high-K"));
    assertFalse(v.get("C2.k-star"));

    // Missing units are counted and make the verdicts fail rather than pass on partial data.
    Map<String, JsonObject> partial = new HashMap<>(good);
    partial.keySet().removeIf(k -> k.startsWith("markov__transformer__K64"));
    SuiteReport r = suite.report(partial);
    assertEquals(3, r.summary().get("unitsMissing").getAsInt());
    assertTrue(r.markdown().contains("not finished"));
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
  private static Map<String, JsonObject> results(DiversitySuite suite, java.util.function.IntToDoubleFunction mse,
      java.util.function.IntToDoubleFunction cosine, java.util.function.IntToDoubleFunction gain) {
    Map<String, JsonObject> out = new HashMap<>();
    for (String key : suite.units()) {
      DiversitySuite.Unit u = suite.unit(key);
      JsonObject r = new JsonObject();
      if (u.architecture() == null) {
        JsonArray rows = new JsonArray();
        for (int p : suite.spec().regression().taskCounts()) {
          JsonObject row = new JsonObject();
          row.addProperty("tasks", p);
          for (String which : List.of("trained", "exact")) {
            JsonObject f = new JsonObject();
            f.addProperty("trainMse", 0.0);
            f.addProperty("testMse", mse.applyAsDouble(p) * (1 + 0.01 * u.seed()));
            f.addProperty("cosine", cosine.applyAsDouble(p));
            row.add(which, f);
          }
          rows.add(row);
        }
        r.add("rows", rows);
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
