package org.rulex.suite.diversity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rulex.report.Document;
import org.rulex.report.LineChart;
import org.rulex.report.Svg;
import org.rulex.report.Verdict;
import org.rulex.score.SeedMean;
import org.rulex.suite.SuiteReport;

/**
 * The diversity suite's report: the two transition curves with intervals over seeds, the exact
 * references beside the models, and the "done when" criteria judged on the seed means.
 */
final class DiversityReport {
  private final DiversitySuite suite;
  private final DiversitySpec spec;
  private final List<JsonObject> criteria = new ArrayList<>();

  DiversityReport(DiversitySuite suite) {
    this.suite = suite;
    this.spec = suite.spec();
  }

  /** One C1 figure (trained or exact, test MSE or cosine) over seeds, per P. */
  private Map<Integer, SeedMean> regression(Map<String, JsonObject> results, String which, String figure) {
    Map<Integer, List<Double>> values = new LinkedHashMap<>();
    for (int p : spec.regression().taskCounts()) values.put(p, new ArrayList<>());
    for (long seed : spec.seeds()) {
      JsonObject r = results.get("regression__s" + seed);
      if (r == null) continue;
      for (JsonElement e : r.getAsJsonArray("rows")) {
        JsonObject row = e.getAsJsonObject();
        List<Double> v = values.get(row.get("tasks").getAsInt());
        if (v != null) v.add(row.getAsJsonObject(which).get(figure).getAsDouble());
      }
    }
    Map<Integer, SeedMean> out = new LinkedHashMap<>();
    // Cut to the values the figure can take: a mean squared error is at least 0, a cosine in [-1, 1].
    values.forEach((p, v) -> out.put(p, figure.equals("testMse") ? SeedMean.of(v).within(0, Double.POSITIVE_INFINITY)
        : figure.equals("cosine") ? SeedMean.of(v).within(-1, 1) : SeedMean.of(v)));
    return out;
  }

  /** One C2 figure of the unseen or seen test set over seeds, per pool size (0 = infinite). */
  private Map<Integer, SeedMean> markov(Map<String, JsonObject> results, String architecture, String set, String figure) {
    Map<Integer, SeedMean> out = new LinkedHashMap<>();
    for (int k : suite.poolSizes()) {
      List<Double> v = new ArrayList<>();
      for (long seed : spec.seeds()) {
        JsonObject r = results.get(DiversitySuite.markovKey(architecture, k, seed));
        if (r == null || !r.has(set)) continue;
        JsonObject s = r.getAsJsonObject(set);
        if (s.has(figure)) v.add(s.get(figure).getAsDouble());
      }
      out.put(k, SeedMean.of(v));
    }
    return out;
  }

  SuiteReport build(Map<String, JsonObject> results) {
    int d2 = spec.regression().dimension() * spec.regression().dimension();
    Map<Integer, SeedMean> trainedMse = regression(results, "trained", "testMse");
    Map<Integer, SeedMean> exactMse = regression(results, "exact", "testMse");
    Map<Integer, SeedMean> trainedCos = regression(results, "trained", "cosine");
    Map<Integer, SeedMean> exactCos = regression(results, "exact", "cosine");

    JsonObject summary = new JsonObject();
    summary.addProperty("schema", DiversitySuite.SCHEMA);
    summary.addProperty("suite", DiversitySuite.NAME);
    JsonArray seeds = new JsonArray();
    spec.seeds().forEach(seeds::add);
    summary.add("seeds", seeds);
    int missing = 0;
    for (String key : suite.units()) if (!results.containsKey(key)) missing++;
    summary.addProperty("units", suite.units().size());
    summary.addProperty("unitsMissing", missing);

    // C1
    JsonArray c1 = new JsonArray();
    for (int p : spec.regression().taskCounts()) {
      JsonObject row = new JsonObject();
      row.addProperty("tasks", p);
      row.addProperty("alpha", p / (double) d2);
      row.add("trainedTestMse", trainedMse.get(p).toJson());
      row.add("exactTestMse", exactMse.get(p).toJson());
      row.add("trainedCosine", trainedCos.get(p).toJson());
      row.add("exactCosine", exactCos.get(p).toJson());
      c1.add(row);
    }
    summary.add("regression", c1);
    for (String which : List.of("trained", "exact")) {
      Map<Integer, SeedMean> mse = which.equals("trained") ? trainedMse : exactMse;
      Map<Integer, SeedMean> cos = which.equals("trained") ? trainedCos : exactCos;
      String who = which.equals("trained") ? "trained model" : "exact minimiser";
      boolean judged = which.equals("trained");
      criterion("C1.mse-low-P" + (judged ? "" : ".exact"), who + ": test MSE > 1 for every P <= D^2/2", judged,
          all(mse, p -> p <= d2 / 2.0, m -> m.mean() > 1), listed(mse, p -> p <= d2 / 2.0));
      criterion("C1.mse-high-P" + (judged ? "" : ".exact"), who + ": test MSE <= 0.3 for every P >= 4 D^2", judged,
          all(mse, p -> p >= 4.0 * d2, m -> m.mean() <= 0.3), listed(mse, p -> p >= 4.0 * d2));
      Crossing mid = crossing(mse, 1.0, true);
      List<Double> perSeed = new ArrayList<>();
      for (long seed : spec.seeds()) {
        JsonObject r = results.get("regression__s" + seed);
        if (r == null) continue;
        Map<Integer, SeedMean> one = new LinkedHashMap<>();
        for (JsonElement e : r.getAsJsonArray("rows"))
          one.put(e.getAsJsonObject().get("tasks").getAsInt(), SeedMean.of(List.of(e.getAsJsonObject().getAsJsonObject(which).get("testMse").getAsDouble())));
        perSeed.add(crossing(one, 1.0, true).value() / d2);
      }
      criterion("C1.midpoint" + (judged ? "" : ".exact"),
          who + ": the transition midpoint (where the test MSE falls through 1 for the last time, log-log interpolation) lies in [D^2, 3 D^2]",
          judged, !Double.isNaN(mid.value()) && mid.value() >= d2 && mid.value() <= 3.0 * d2,
          "P* = " + mid.text() + " (P*/D^2 = " + (Double.isNaN(mid.value()) ? "—" : fmt(mid.value() / d2)) + "; per seed, P*/D^2 "
              + SeedMean.of(perSeed).format() + ")");
      criterion("C1.cosine" + (judged ? "" : ".exact"), who + ": cos(W, I) < 0.3 for every P <= D^2/2 and > 0.8 for every P >= 4 D^2", judged,
          all(cos, p -> p <= d2 / 2.0, m -> m.mean() < 0.3) && all(cos, p -> p >= 4.0 * d2, m -> m.mean() > 0.8),
          listed(cos, p -> p <= d2 / 2.0) + "; " + listed(cos, p -> p >= 4.0 * d2));
    }

    // C2
    JsonObject c2 = new JsonObject();
    Map<String, Crossing> kStar = new LinkedHashMap<>();
    Map<String, SeedMean> kStarSeeds = new LinkedHashMap<>();
    for (String a : spec.markov().architectures().keySet()) {
      Map<Integer, SeedMean> gain = markov(results, a, "unseen", "gain");
      JsonObject arch = new JsonObject();
      for (int k : suite.poolSizes()) {
        JsonObject cell = new JsonObject();
        cell.add("gain", gain.get(k).toJson());
        cell.add("modelNll", markov(results, a, "unseen", "modelNll").get(k).toJson());
        cell.add("bayesNll", markov(results, a, "unseen", "bayesNll").get(k).toJson());
        if (k > 0) {
          cell.add("poolPosteriorNll", markov(results, a, "unseen", "poolPosteriorNll").get(k).toJson());
          cell.add("seenModelNll", markov(results, a, "seen", "modelNll").get(k).toJson());
          cell.add("seenBayesNll", markov(results, a, "seen", "bayesNll").get(k).toJson());
          cell.add("seenPoolPosteriorNll", markov(results, a, "seen", "poolPosteriorNll").get(k).toJson());
        }
        arch.add(InContextMarkov.poolLabel(k), cell);
      }
      Crossing star = kCrossing(gain);
      kStar.put(a, star);
      List<Double> logs = new ArrayList<>();
      for (long seed : spec.seeds()) {
        Map<Integer, SeedMean> one = new LinkedHashMap<>();
        boolean any = false;
        for (int k : suite.poolSizes()) {
          JsonObject r = results.get(DiversitySuite.markovKey(a, k, seed));
          double g = r == null ? Double.NaN : r.getAsJsonObject("unseen").get("gain").getAsDouble();
          any |= r != null;
          one.put(k, SeedMean.of(List.of(g)));
        }
        if (any) logs.add(Math.log(kCrossing(one).value()));
      }
      SeedMean logStar = SeedMean.of(logs);
      kStarSeeds.put(a, logStar);
      JsonObject ks = new JsonObject();
      ks.addProperty("fromMeans", star.text());
      ks.addProperty("geometricMeanOverSeeds", Math.exp(logStar.mean()));
      ks.addProperty("low", Math.exp(logStar.low()));
      ks.addProperty("high", Math.exp(logStar.high()));
      ks.addProperty("seedsWithCrossing", logStar.n());
      arch.add("kStar", ks);
      c2.add(a, arch);
    }
    summary.add("markov", c2);
    String transformer = spec.markov().architectures().containsKey("transformer") ? "transformer"
        : spec.markov().architectures().keySet().iterator().next();
    Map<Integer, SeedMean> tg = markov(results, transformer, "unseen", "gain");
    criterion("C2.low-K", transformer + ": G < 0.2 for K <= 8", true, all(tg, k -> k > 0 && k <= 8, m -> m.mean() < 0.2),
        listedK(tg, k -> k > 0 && k <= 8));
    criterion("C2.high-K", transformer + ": G > 0.85 for K >= 64 (and K infinite)", true,
        all(tg, k -> k == 0 || k >= 64, m -> m.mean() > 0.85), listedK(tg, k -> k == 0 || k >= 64));
    boolean monotone = true;
    double previous = Double.NEGATIVE_INFINITY;
    for (SeedMean m : tg.values()) {
      if (m.n() == 0) { monotone = false; continue; }
      if (m.mean() < previous) monotone = false;
      previous = m.mean();
    }
    criterion("C2.monotone", transformer + ": G (mean over seeds) never falls as K grows", true, monotone, listedK(tg, k -> true));
    StringBuilder ks = new StringBuilder();
    boolean allReported = true;
    for (String a : kStar.keySet()) {
      SeedMean s = kStarSeeds.get(a);
      if (ks.length() > 0) ks.append("; ");
      ks.append(a).append(" K* = ").append(kStar.get(a).text()).append(" (per seed, geometric mean ")
          .append(s.n() == 0 ? "—" : fmt(Math.exp(s.mean()))).append(s.n() >= 2 ? " [" + fmt(Math.exp(s.low())) + ", " + fmt(Math.exp(s.high())) + "]" : "")
          .append(", ").append(s.n()).append(" of ").append(spec.seeds().size()).append(" seeds cross)");
      allReported &= !Double.isNaN(kStar.get(a).value()) && s.n() >= 2;
    }
    criterion("C2.k-star", "K* (G = 0.5) for every architecture, with an interval over seeds", true, allReported, ks.toString());

    JsonArray list = new JsonArray();
    criteria.forEach(list::add);
    summary.add("criteria", list);
    return new SuiteReport(summary, section(trainedMse, exactMse, trainedCos, exactCos, results, missing));
  }

  /** K* from a gain curve over pool sizes (0 = infinite, last): interpolated among the finite sizes. */
  private static Crossing kCrossing(Map<Integer, SeedMean> gain) {
    List<Integer> finite = new ArrayList<>();
    for (int k : gain.keySet()) if (k > 0) finite.add(k);
    double[] xs = new double[finite.size()], ys = new double[finite.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = finite.get(i);
      ys[i] = gain.get(finite.get(i)).mean();
    }
    Crossing c = Crossing.of(xs, ys, 0.5, false, false);
    SeedMean infinite = gain.get(0);
    if (c.text().equals("none") && infinite != null && infinite.mean() >= 0.5 && xs.length > 0)
      return new Crossing(Double.NaN, "> " + LineChart.num(xs[xs.length - 1]));
    return c;
  }

  private static Crossing crossing(Map<Integer, SeedMean> curve, double level, boolean falling) {
    double[] xs = new double[curve.size()], ys = new double[curve.size()];
    int i = 0;
    for (Map.Entry<Integer, SeedMean> e : curve.entrySet()) {
      xs[i] = e.getKey();
      ys[i++] = e.getValue().mean();
    }
    return Crossing.of(xs, ys, level, falling, true);
  }

  private void criterion(String id, String text, boolean judged, boolean pass, String measured) {
    JsonObject c = new JsonObject();
    c.addProperty("id", id);
    c.addProperty("criterion", text);
    if (judged) c.addProperty("pass", pass);
    else c.addProperty("holdsForReference", pass);
    c.addProperty("measured", measured);
    criteria.add(c);
  }

  private static boolean all(Map<Integer, SeedMean> values, java.util.function.IntPredicate which, java.util.function.Predicate<SeedMean> test) {
    boolean any = false;
    for (Map.Entry<Integer, SeedMean> e : values.entrySet()) {
      if (!which.test(e.getKey())) continue;
      if (e.getValue().n() == 0) return false;
      any = true;
      if (!test.test(e.getValue())) return false;
    }
    return any;
  }

  private static String listed(Map<Integer, SeedMean> values, java.util.function.IntPredicate which) {
    StringBuilder sb = new StringBuilder();
    values.forEach((p, m) -> {
      if (!which.test(p)) return;
      if (sb.length() > 0) sb.append(", ");
      sb.append("P=").append(p).append(": ").append(m.format());
    });
    return sb.toString();
  }

  private static String listedK(Map<Integer, SeedMean> values, java.util.function.IntPredicate which) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, m) -> {
      if (!which.test(k)) return;
      if (sb.length() > 0) sb.append(", ");
      sb.append("K=").append(InContextMarkov.poolLabel(k)).append(": ").append(m.format());
    });
    return sb.toString();
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3g", v);
  }

  // ---- Markdown and HTML ----

  private String intro() {
    RegressionSpec r = spec.regression();
    MarkovSpec m = spec.markov();
    return "Task diversity and the emergence of in-context learning (Li, Bai & Huang 2024). "
        + "C1: merged linear attention on in-context linear regression (D = " + r.dimension() + ", N = " + r.contextLength() + ", full-batch Adam, lr "
        + r.learningRate() + ", " + r.epochs() + " epochs, weight decay " + r.weightDecay() + ", " + r.testTasks() + " fresh test tasks), beside the exact minimiser of the same loss. "
        + "C2: in-context Markov chains (k = " + m.states() + ", T = " + m.length() + ", " + m.training().steps() + " steps of batch " + m.training().batchSize()
        + "), NLL per token at positions >= " + m.scoreFrom() + " on " + m.testSequences() + " unseen chains; G = (ln k - NLL_model) / (ln k - NLL_Bayes). "
        + "Seeds " + spec.seeds() + "; figures are means over seeds with 95% t intervals (a test MSE cut at 0, a cosine to [-1, 1]).";
  }

  private List<Document.Check> checks() {
    List<Document.Check> out = new ArrayList<>();
    for (JsonObject c : criteria) {
      Verdict verdict = c.has("pass") ? Verdict.of(c.get("pass").getAsBoolean()) : Verdict.reference(c.get("holdsForReference").getAsBoolean());
      out.add(new Document.Check(c.get("id").getAsString(), c.get("criterion").getAsString(), verdict, c.get("measured").getAsString()));
    }
    return out;
  }

  private Document.Table regressionTable(Map<Integer, SeedMean> tm, Map<Integer, SeedMean> em, Map<Integer, SeedMean> tc, Map<Integer, SeedMean> ec) {
    int d2 = spec.regression().dimension() * spec.regression().dimension();
    List<List<String>> rows = new ArrayList<>();
    for (int p : spec.regression().taskCounts())
      rows.add(List.of(Integer.toString(p), fmt(p / (double) d2), tm.get(p).format(), em.get(p).format(), tc.get(p).format(), ec.get(p).format()));
    return new Document.Table(null, List.of("P", "P/D²", "test MSE, trained", "test MSE, exact minimiser", "cos(W, I), trained", "cos(W, I), exact"), rows);
  }

  private Document.Table markovTable(Map<String, JsonObject> results) {
    List<List<String>> rows = new ArrayList<>();
    for (String a : spec.markov().architectures().keySet()) {
      Map<Integer, SeedMean> gain = markov(results, a, "unseen", "gain");
      Map<Integer, SeedMean> nll = markov(results, a, "unseen", "modelNll");
      Map<Integer, SeedMean> bayes = markov(results, a, "unseen", "bayesNll");
      Map<Integer, SeedMean> pool = markov(results, a, "unseen", "poolPosteriorNll");
      Map<Integer, SeedMean> seen = markov(results, a, "seen", "modelNll");
      Map<Integer, SeedMean> seenPool = markov(results, a, "seen", "poolPosteriorNll");
      for (int k : suite.poolSizes())
        rows.add(List.of(a, InContextMarkov.poolLabel(k), gain.get(k).format(), nll.get(k).format(), bayes.get(k).format(),
          k > 0 ? pool.get(k).format() : "= Bayes", k > 0 ? seen.get(k).format() : "—", k > 0 ? seenPool.get(k).format() : "—"));
    }
    return new Document.Table(null, List.of("model", "K", "G (unseen)", "NLL model (unseen)", "NLL Bayes (unseen)", "NLL pool posterior (unseen)",
        "NLL model (seen chains)", "NLL pool posterior (seen)"), rows);
  }

  /** The section: the setting, the criteria, then C1 and C2 each with its charts and table. */
  private List<Document.Block> section(Map<Integer, SeedMean> tm, Map<Integer, SeedMean> em, Map<Integer, SeedMean> tc, Map<Integer, SeedMean> ec,
      Map<String, JsonObject> results, int missing) {
    int d2 = spec.regression().dimension() * spec.regression().dimension();
    List<Document.Block> out = new ArrayList<>();
    out.add(new Document.Heading(2, "Suite C-DIVERSITY: task diversity and the emergence of in-context learning"));
    out.add(Document.Paragraph.plain(intro()));
    if (missing > 0) out.add(Document.Paragraph.strong(missing + " of " + suite.units().size() + " units are not finished: the figures are partial."));
    out.add(new Document.Heading(3, "Criteria"));
    out.add(new Document.Verdicts(null, checks()));
    out.add(new Document.Heading(3, "C1: in-context linear regression against the number of pretraining tasks P"));
    out.add(Document.Paragraph.plain("Predicting 0 scores test MSE 1. The exact minimiser is the minimum of the same training loss on the same prompts (one linear solve)."));
    LineChart mse = new LineChart("C1: novel-task test MSE", "P / D²", "test MSE", true, true)
        .add(new LineChart.Series("trained (Adam)", Svg.color(0), points(tm, d2)))
        .add(new LineChart.Series("exact minimiser", Svg.color(3), points(em, d2)))
        .reference(1, "predict 0");
    LineChart cos = new LineChart("C1: cos(W, I)", "P / D²", "cosine", true, false)
        .add(new LineChart.Series("trained (Adam)", Svg.color(0), points(tc, d2)))
        .add(new LineChart.Series("exact minimiser", Svg.color(3), points(ec, d2)))
        .reference(0.3, "0.3")
        .reference(0.8, "0.8");
    out.add(mse.chart("Test MSE on fresh tasks against P/D², log-log; mean over seeds, whiskers 95% t interval."));
    out.add(cos.chart("Cosine between the top-left D x D block of W and the identity, against P/D²."));
    out.add(regressionTable(tm, em, tc, ec));
    out.add(new Document.Heading(3, "C2: in-context Markov chains against the pool size K"));
    out.add(Document.Paragraph.plain("NLL in nats per token (ln k = " + fmt(Math.log(spec.markov().states())) + "). With K infinite the pool "
        + "posterior is the Bayes estimator itself. Seen chains: new sequences of the training pool's chains."));
    LineChart g = new LineChart("C2: ICL gain G on unseen chains", "pool size K", "G", true, false).reference(0.5, "G = 0.5").reference(0, "uniform")
        .reference(1, "Bayes");
    List<Integer> ks = suite.poolSizes();
    double infiniteX = 1;
    for (int k : ks) if (k > 0) infiniteX = Math.max(infiniteX, k * 4.0);
    for (int k : ks) g.xTick(k > 0 ? k : infiniteX, InContextMarkov.poolLabel(k).replace("inf", "∞"));
    int c = 0;
    for (String a : spec.markov().architectures().keySet()) {
      Map<Integer, SeedMean> gain = markov(results, a, "unseen", "gain");
      List<LineChart.Point> pts = new ArrayList<>();
      for (int k : ks) {
        SeedMean m = gain.get(k);
        pts.add(new LineChart.Point(k > 0 ? k : infiniteX, m.mean(), m.low(), m.high()));
      }
      g.add(new LineChart.Series(a, Svg.color(c++), pts));
    }
    out.add(g.chart("G = (ln k - NLL_model)/(ln k - NLL_Bayes) on unseen chains against K (∞: a fresh chain a sequence); mean over seeds, whiskers 95% t interval."));
    out.add(markovTable(results));
    return out;
  }

  private static List<LineChart.Point> points(Map<Integer, SeedMean> curve, int d2) {
    List<LineChart.Point> pts = new ArrayList<>();
    curve.forEach((p, m) -> pts.add(new LineChart.Point(p / (double) d2, m.mean(), m.low(), m.high())));
    return pts;
  }
}
