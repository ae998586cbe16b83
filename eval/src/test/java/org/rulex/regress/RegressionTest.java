package org.rulex.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rulex.score.Rate;

class RegressionTest {
  static Metric rate(String name, long s, long t) {
    Rate r = Rate.of(s, t);
    return Metric.rate(name, s, t, r.low(), r.high());
  }

  static Map<String, Metric> metrics(Metric... ms) {
    Map<String, Metric> m = new LinkedHashMap<>();
    for (Metric x : ms) m.put(x.name(), x);
    return m;
  }

  static Baseline baseline(Map<String, Metric> metrics, List<String> mustBeat) {
    return new Baseline(Baseline.SCHEMA, "anbn", "g", "v", "p", new Baseline.Settings(7, 10, 30, true, 0, 1, 0), 0.05, 0.1, metrics, mustBeat);
  }

  @Test
  void aDropWithinTheIntervalIsNoiseAndBeyondItARegression() {
    Map<String, Metric> base = metrics(rate("ood/R1/all", 60, 100));
    assertFalse(Regression.anyFailed(Regression.compare(base, metrics(rate("ood/R1/all", 52, 100)), 0.05, 0.1)));
    assertTrue(Regression.anyFailed(Regression.compare(base, metrics(rate("ood/R1/all", 30, 100)), 0.05, 0.1)));
  }

  @Test
  void otherTrialCountsFailWhateverTheValue() {
    Map<String, Metric> base = metrics(rate("ood/R1/all", 148, 247));
    List<Regression.Check> checks = Regression.compare(base, metrics(rate("ood/R1/all", 4, 5)), 0.05, 0.1);
    assertTrue(checks.get(0).failed());
    assertTrue(checks.get(0).reason().contains("prompt or sample counts changed"));
  }

  @Test
  void aNonFiniteValueOnEitherSideFailsAndNeverReadsAsOk() {
    Metric good = rate("ood/R1/all", 30, 100);
    for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      Metric rateBase = new Metric("ood/R1/all", v, 0.0, 1.0, 60, 100, true);
      assertTrue(Regression.compare(metrics(rateBase), metrics(good), 0.05, 0.1).get(0).failed(), "baseline rate " + v);
      Metric lossBase = Metric.loss("test/loss", v);
      assertTrue(Regression.compare(metrics(lossBase), metrics(Metric.loss("test/loss", 0.5)), 0.05, 0.1).get(0).failed(), "baseline loss " + v);
      assertTrue(Regression.compare(metrics(Metric.loss("test/loss", 0.5)), metrics(Metric.loss("test/loss", v)), 0.05, 0.1).get(0).failed(), "current loss " + v);
    }
  }

  @Test
  void theDirectionIsRulexsNotTheBaselines() {
    // A rate marked lower-is-better in the baseline: a drop from 1.0 to 0.0 must not read as an improvement.
    Metric flipped = new Metric("id/R1/all", 1.0, 0.9, 1.0, 100, 100, false);
    Regression.Check c = Regression.compare(metrics(flipped), metrics(rate("id/R1/all", 0, 100)), 0.05, 0.1).get(0);
    assertTrue(c.failed(), c.reason());
    assertFalse(Metric.higherIsBetter("test/loss"));
    assertTrue(Metric.higherIsBetter("sampled/ood-R2/R1/all"));
  }

  @Test
  void aNonFiniteOrNegativeToleranceIsRefused() {
    Map<String, Metric> base = metrics(rate("ood/R1/all", 60, 100));
    for (double t : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.01}) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Regression.compare(base, base, t, 0.1));
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Regression.compare(base, base, 0.05, t));
    }
  }

  @Test
  void anEmptyBaselineFails() {
    List<Regression.Check> checks = Regression.gate(baseline(Map.of(), List.of()), metrics(rate("x/all", 1, 2)), Map.of(), 0.05, 0.1);
    assertTrue(Regression.anyFailed(checks));
    assertEquals("baseline/metrics", checks.get(0).name());
  }

  @Test
  void aCheckpointMustStayAboveTheReferencesWhereItWasAbove() {
    Map<String, Metric> refs1 = metrics(rate("ood/R1/all", 40, 100));
    Map<String, Metric> refs2 = metrics(rate("ood/R1/all", 28, 100));
    Map<String, Map<String, Metric>> refs = Map.of("uniform", refs2, "stop-at-once", refs1);
    Map<String, Metric> good = metrics(rate("ood/R1/all", 60, 100));
    assertEquals(List.of("ood/R1/all"), Regression.beaten(good, refs));
    Baseline b = baseline(good, List.of("ood/R1/all"));
    assertFalse(Regression.anyFailed(Regression.gate(b, good, refs, 0.05, 0.1)));
    // Within the tolerance-and-interval rule of the plain comparison, yet no better than stopping at once.
    Map<String, Metric> asBadAsStopping = metrics(rate("ood/R1/all", 40, 100));
    List<Regression.Check> checks = Regression.gate(b, asBadAsStopping, refs, 0.5, 0.1);
    assertTrue(checks.stream().anyMatch(c -> c.failed() && c.name().equals("beats-stop-at-once/ood/R1/all")), checks.toString());
    assertTrue(checks.stream().noneMatch(c -> c.failed() && c.name().equals("beats-uniform/ood/R1/all")));
  }

  @Test
  void junitXmlNamesEveryCheckAndMarksFailures() {
    List<Regression.Check> checks = Regression.gate(baseline(Map.of(), List.of()), Map.of(), Map.of(), 0.05, 0.1);
    String xml = Regression.junitXml("rulex.eval.anbn", checks);
    assertTrue(xml.contains("failures=\"1\"") && xml.contains("name=\"baseline/metrics\"") && xml.contains("<failure"), xml);
  }

  @Test
  void junitXmlParsesWhateverAMetricNameHolds() throws Exception {
    String name = "id/R1\u0001<all>&\"x\"\u001b[0m\ud800";
    var check = new Regression.Check(name, 1.0, 0.0, 0.0, 0.1, 0.05, true, "dropped\u0007");
    String xml = Regression.junitXml("suite\u0002", List.of(check));
    var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    var testcase = (org.w3c.dom.Element) doc.getElementsByTagName("testcase").item(0);
    assertEquals("id/R1\\u0001<all>&\"x\"\\u001b[0m\\ud800", testcase.getAttribute("name"));
    assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
  }
}
