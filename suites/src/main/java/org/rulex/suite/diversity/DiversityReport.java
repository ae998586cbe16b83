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
    JsonObject summary = new JsonObject();
    summary.addProperty("schema", DiversitySuite.SCHEMA);
    summary.addProperty("suite", DiversitySuite.NAME);
    JsonArray seeds = new JsonArray();
    spec.seeds().forEach(seeds::add);
    summary.add("seeds", seeds);
    JsonArray regressionSeeds = new JsonArray();
    spec.regression().seeds().forEach(regressionSeeds::add);
    summary.add("regressionSeeds", regressionSeeds);
    int missing = 0;
    for (String key : suite.units()) if (!results.containsKey(key)) missing++;
    summary.addProperty("units", suite.units().size());
    summary.addProperty("unitsMissing", missing);

    // C1
    List<Document.Block> regressionBlocks = regressionPart(results, summary);

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
    PerSeed lowK = markovPerSeed(results, transformer, all(tg, k -> k > 0 && k <= 8, m -> m.mean() < 0.2), g -> {
      for (Map.Entry<Integer, Double> e : g.entrySet()) if (e.getKey() > 0 && e.getKey() <= 8 && !(e.getValue() < 0.2)) return false;
      return true;
    });
    criterion("C2.low-K", transformer + ": G < 0.2 for K <= 8", true, lowK.onMean(), lowK.text() + "; " + listedK(tg, k -> k > 0 && k <= 8),
        perSeedJson(lowK));
    PerSeed highK = markovPerSeed(results, transformer, all(tg, k -> k == 0 || k >= 64, m -> m.mean() > 0.85), g -> {
      for (Map.Entry<Integer, Double> e : g.entrySet()) if ((e.getKey() == 0 || e.getKey() >= 64) && !(e.getValue() > 0.85)) return false;
      return true;
    });
    criterion("C2.high-K", transformer + ": G > 0.85 for K >= 64 (and K infinite)", true, highK.onMean(),
        highK.text() + "; " + listedK(tg, k -> k == 0 || k >= 64), perSeedJson(highK));
    boolean monotone = true;
    double previous = Double.NEGATIVE_INFINITY;
    for (SeedMean m : tg.values()) {
      if (m.n() == 0) { monotone = false; continue; }
      if (m.mean() < previous) monotone = false;
      previous = m.mean();
    }
    PerSeed mono = markovPerSeed(results, transformer, monotone, g -> {
      double before = Double.NEGATIVE_INFINITY;
      for (int k : suite.poolSizes()) {
        Double v = g.get(k);
        if (v == null || v < before) return false;
        before = v;
      }
      return true;
    });
    criterion("C2.monotone", transformer + ": G never falls as K grows", true, monotone, mono.text() + "; " + listedK(tg, k -> true), perSeedJson(mono));
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
    criterion("C2.k-star", "K* (G = 0.5) for every architecture, with an interval over seeds", true, allReported, ks.toString(), null);

    JsonArray list = new JsonArray();
    criteria.forEach(list::add);
    summary.add("criteria", list);
    return new SuiteReport(summary, section(regressionBlocks, results, missing));
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

  private void criterion(String id, String text, boolean judged, boolean pass, String measured, JsonObject perSeed) {
    JsonObject c = new JsonObject();
    c.addProperty("id", id);
    c.addProperty("criterion", text);
    if (judged) c.addProperty("pass", pass);
    else c.addProperty("holdsForReference", pass);
    c.addProperty("measured", measured);
    if (perSeed != null) c.add("perSeed", perSeed);
    criteria.add(c);
  }

  /** A C2 criterion of one architecture judged per seed (test on that seed's G per pool size; a seed with no finished unit is left out). */
  private PerSeed markovPerSeed(Map<String, JsonObject> results, String architecture, boolean onMean,
      java.util.function.Predicate<Map<Integer, Double>> test) {
    List<Long> failing = new ArrayList<>();
    int judged = 0;
    for (long seed : spec.seeds()) {
      Map<Integer, Double> g = new LinkedHashMap<>();
      for (int k : suite.poolSizes()) {
        JsonObject r = results.get(DiversitySuite.markovKey(architecture, k, seed));
        if (r != null) g.put(k, r.getAsJsonObject("unseen").get("gain").getAsDouble());
      }
      if (g.isEmpty()) continue;
      judged++;
      if (!test.test(g)) failing.add(seed);
    }
    return new PerSeed(onMean, failing, judged);
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
        + "C1: merged linear attention on in-context linear regression (D = " + r.dimensions() + ", P/D² = " + r.taskRatios() + ", N = " + r.contextLength() + ", full-batch Adam, lr "
        + r.learningRate() + ", " + r.epochs() + " epochs, weight decay " + r.weightDecay() + ", " + r.testTasks() + " fresh test tasks), beside the exact minimiser of the same loss. "
        + "C2: in-context Markov chains (k = " + m.states() + ", T = " + m.length() + ", " + m.training().steps() + " steps of batch " + m.training().batchSize()
        + "), NLL per token at positions >= " + m.scoreFrom() + " on " + m.testSequences() + " unseen chains; G = (ln k - NLL_model) / (ln k - NLL_Bayes). "
        + "Seeds: C1 " + r.seeds() + ", C2 " + spec.seeds() + "; figures are means over seeds with 95% t intervals (a test MSE cut at 0, a cosine to [-1, 1]).";
  }

  private List<Document.Check> checks() {
    List<Document.Check> out = new ArrayList<>();
    for (JsonObject c : criteria) {
      Verdict verdict = c.has("pass") ? Verdict.of(c.get("pass").getAsBoolean()) : Verdict.reference(c.get("holdsForReference").getAsBoolean());
      out.add(new Document.Check(c.get("id").getAsString(), c.get("criterion").getAsString(), verdict, c.get("measured").getAsString()));
    }
    return out;
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

  /** The section: the setting, the criteria, then C1 and C2 each with its charts and tables. */
  private List<Document.Block> section(List<Document.Block> regressionBlocks, Map<String, JsonObject> results, int missing) {
    List<Document.Block> out = new ArrayList<>();
    out.add(new Document.Heading(2, "Suite C-DIVERSITY: task diversity and the emergence of in-context learning"));
    out.add(Document.Paragraph.plain(intro()));
    if (missing > 0) out.add(Document.Paragraph.strong(missing + " of " + suite.units().size() + " units are not finished: the figures are partial."));
    out.add(new Document.Heading(3, "Criteria"));
    out.add(Document.Paragraph.plain("Each criterion is judged on the means over seeds (the verdict) and on every seed alone; the measured "
        + "column names the seeds that fail on their own."));
    out.add(new Document.Verdicts(null, checks()));
    out.addAll(regressionBlocks);
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

  // ---- C1: the regression grid, per dimension ----

  /** The bootstrap's resamples, and its fixed seed (the interval is reproducible). */
  static final int RESAMPLES = 500;
  static final long BOOTSTRAP_SEED = 20240802;

  /** One C1 unit's figures: per task count, {trained test MSE, exact test MSE, trained cosine, exact cosine}; and the exact curve. */
  private record Sweep(long seed, Map<Integer, double[]> rows, List<double[]> exactCurve) {}

  /** The finished C1 sweeps of one dimension, in seed order. */
  private List<Sweep> sweeps(Map<String, JsonObject> results, int dimension) {
    List<Sweep> out = new ArrayList<>();
    for (long seed : spec.regression().seeds()) {
      JsonObject r = results.get(DiversitySuite.regressionKey(dimension, seed));
      if (r == null) continue;
      Map<Integer, double[]> rows = new LinkedHashMap<>();
      for (JsonElement e : r.getAsJsonArray("rows")) {
        JsonObject row = e.getAsJsonObject();
        JsonObject t = row.getAsJsonObject("trained"), x = row.getAsJsonObject("exact");
        rows.put(row.get("tasks").getAsInt(), new double[] {t.get("testMse").getAsDouble(), x.get("testMse").getAsDouble(),
            t.get("cosine").getAsDouble(), x.get("cosine").getAsDouble()});
      }
      List<double[]> curve = new ArrayList<>();
      if (r.has("exactCurve") && r.get("exactCurve").isJsonArray())
        for (JsonElement e : r.getAsJsonArray("exactCurve")) {
          JsonObject p = e.getAsJsonObject();
          curve.add(new double[] {p.get("tasks").getAsInt(), p.get("testMse").getAsDouble(), p.get("cosine").getAsDouble()});
        }
      out.add(new Sweep(seed, rows, curve));
    }
    return out;
  }

  /** Figure f (0 trained MSE, 1 exact MSE, 2 trained cosine, 3 exact cosine) over seeds, per ratio, cut to its range. */
  private Map<Double, SeedMean> figure(List<Sweep> sweeps, int dimension, int f) {
    Map<Double, SeedMean> out = new LinkedHashMap<>();
    for (double ratio : spec.regression().taskRatios()) {
      int p = RegressionSpec.tasks(ratio, dimension);
      List<Double> v = new ArrayList<>();
      for (Sweep s : sweeps) if (s.rows().containsKey(p)) v.add(s.rows().get(p)[f]);
      SeedMean m = SeedMean.of(v);
      out.put(ratio, f < 2 ? m.within(0, Double.POSITIVE_INFINITY) : m.within(-1, 1));
    }
    return out;
  }

  /**
   * The transition of one dimension, by the method fixed before the grid ran: a logistic step in
   * x = ln(P/D^2) fitted by least squares to y = ln(trained test MSE) (or to the trained cosine),
   * every seed's grid points pooled; the midpoint's interval is the 2.5% and 97.5% quantiles of
   * {@value #RESAMPLES} bootstrap resamples of whole seeds. Per seed, the same fit to that seed's points.
   */
  private record Transition(TransitionFit fit, double[] resamples, List<Double> perSeed, List<Long> seeds) {
    double alpha() { return Math.exp(fit.x0()); }
    double low() { return Math.exp(TransitionFit.quantile(resamples, 0.025)); }
    double high() { return Math.exp(TransitionFit.quantile(resamples, 0.975)); }
    String format() {
      if (Double.isNaN(fit.x0())) return "—";
      return resamples.length == 0 ? fmt(alpha()) : fmt(alpha()) + " [" + fmt(low()) + ", " + fmt(high()) + "]";
    }
  }

  private Transition transition(List<Sweep> sweeps, int dimension, boolean mse, boolean bootstrap) {
    int d2 = dimension * dimension;
    List<double[][]> perSeed = new ArrayList<>();
    List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), seedAlphas = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    for (Sweep s : sweeps) {
      List<Double> sx = new ArrayList<>(), sy = new ArrayList<>();
      s.rows().forEach((p, v) -> {
        sx.add(Math.log(p / (double) d2));
        sy.add(mse ? Math.log(v[0]) : v[2]);
      });
      double[][] one = {sx.stream().mapToDouble(Double::doubleValue).toArray(), sy.stream().mapToDouble(Double::doubleValue).toArray()};
      perSeed.add(one);
      xs.addAll(sx);
      ys.addAll(sy);
      seedAlphas.add(Math.exp(TransitionFit.of(one[0], one[1]).x0()));
      seeds.add(s.seed());
    }
    TransitionFit fit = TransitionFit.of(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray());
    double[] resamples = perSeed.size() < 2 || !bootstrap ? new double[0] : TransitionFit.bootstrap(perSeed, RESAMPLES, BOOTSTRAP_SEED + dimension);
    return new Transition(fit, resamples, seedAlphas, seeds);
  }

  /** The P where a curve of {P, MSE} pairs is highest. */
  private static int peak(List<double[]> curve, int column) {
    int best = -1;
    double top = Double.NEGATIVE_INFINITY;
    for (double[] p : curve) if (p[column] > top) { top = p[column]; best = (int) p[0]; }
    return best;
  }

  /** The exact minimiser's curve over every whole P of the near range: per P, the geometric mean of the seeds' test MSE. */
  private static Map<Integer, Double> exactGeometricMean(List<Sweep> sweeps) {
    Map<Integer, List<Double>> logs = new java.util.TreeMap<>();
    for (Sweep s : sweeps) for (double[] p : s.exactCurve()) logs.computeIfAbsent((int) p[0], k -> new ArrayList<>()).add(Math.log(p[1]));
    Map<Integer, Double> out = new LinkedHashMap<>();
    logs.forEach((p, v) -> out.put(p, Math.exp(v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))));
    return out;
  }

  /**
   * A criterion judged on the seed means and on every seed: {@code onMean} is the verdict (as the
   * means judge it); the text names the seeds that fail on their own.
   */
  private record PerSeed(boolean onMean, List<Long> failing, int seeds) {
    String text() {
      String mean = onMean ? "mean passes" : "mean fails";
      if (seeds == 0) return mean + "; no seed finished";
      if (failing.isEmpty()) return mean + "; all " + seeds + " seeds pass";
      return mean + "; " + failing.size() + " of " + seeds + " seeds fail (seed" + (failing.size() > 1 ? "s " : " ")
          + failing.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")";
    }
  }

  /** Judges "figure f passes test at every ratio in which" on the means and on each seed (a seed on the ratios it ran). */
  private PerSeed perSeed(List<Sweep> sweeps, int dimension, int f, java.util.function.DoublePredicate which,
      java.util.function.DoublePredicate test) {
    Map<Double, SeedMean> means = figure(sweeps, dimension, f);
    boolean any = false, onMean = true;
    for (Map.Entry<Double, SeedMean> e : means.entrySet()) {
      if (!which.test(e.getKey())) continue;
      any = true;
      onMean &= e.getValue().n() > 0 && test.test(e.getValue().mean());
    }
    List<Long> failing = new ArrayList<>();
    int judged = 0;
    for (Sweep s : sweeps) {
      boolean ran = false, pass = true;
      for (double ratio : spec.regression().taskRatios()) {
        if (!which.test(ratio)) continue;
        double[] v = s.rows().get(RegressionSpec.tasks(ratio, dimension));
        if (v == null) continue;
        ran = true;
        pass &= test.test(v[f]);
      }
      if (!ran) continue;
      judged++;
      if (!pass) failing.add(s.seed());
    }
    return new PerSeed(any && onMean, failing, judged);
  }

  private JsonObject perSeedJson(PerSeed p) {
    JsonObject o = new JsonObject();
    o.addProperty("passOnMean", p.onMean());
    o.addProperty("seedsJudged", p.seeds());
    JsonArray f = new JsonArray();
    p.failing().forEach(f::add);
    o.add("seedsFailing", f);
    return o;
  }

  /** C1's summary, criteria and report blocks for every dimension. */
  private List<Document.Block> regressionPart(Map<String, JsonObject> results, JsonObject summary) {
    RegressionSpec r = spec.regression();
    List<Document.Block> blocks = new ArrayList<>();
    JsonObject c1 = new JsonObject();
    LineChart mseChart = new LineChart("C1: novel-task test MSE", "P / D²", "test MSE", true, true).reference(1, "predict 0");
    LineChart cosChart = new LineChart("C1: cos(W, I)", "P / D²", "cosine", true, false).reference(0.3, "0.3").reference(0.8, "0.8");
    Map<Integer, Transition> transitions = new LinkedHashMap<>();
    List<Document.Block> tables = new ArrayList<>();
    List<List<String>> fitRows = new ArrayList<>();
    int colour = 0;
    for (int d : r.dimensions()) {
      int d2 = d * d, couplings = d * (d + 1);
      List<Sweep> sweeps = sweeps(results, d);
      Map<Double, SeedMean> tm = figure(sweeps, d, 0), em = figure(sweeps, d, 1), tc = figure(sweeps, d, 2), ec = figure(sweeps, d, 3);
      JsonObject dim = new JsonObject();
      JsonArray rows = new JsonArray();
      List<List<String>> tableRows = new ArrayList<>();
      for (double ratio : r.taskRatios()) {
        int p = RegressionSpec.tasks(ratio, d);
        JsonObject row = new JsonObject();
        row.addProperty("ratio", ratio);
        row.addProperty("tasks", p);
        row.addProperty("alpha", p / (double) d2);
        row.add("trainedTestMse", tm.get(ratio).toJson());
        row.add("exactTestMse", em.get(ratio).toJson());
        row.add("trainedCosine", tc.get(ratio).toJson());
        row.add("exactCosine", ec.get(ratio).toJson());
        rows.add(row);
        tableRows.add(List.of(fmt(ratio), Integer.toString(p), Integer.toString(tm.get(ratio).n()), tm.get(ratio).format(), em.get(ratio).format(),
            tc.get(ratio).format(), ec.get(ratio).format()));
      }
      dim.add("rows", rows);
      Transition mseT = transition(sweeps, d, true, true), cosT = transition(sweeps, d, false, false);
      transitions.put(d, mseT);
      dim.add("transitionMse", transitionJson(mseT, d));
      dim.add("transitionCosine", transitionJson(cosT, d));
      // The exact minimiser's interpolation peak, over every whole P of the near range.
      Map<Integer, Double> geo = exactGeometricMean(sweeps);
      List<Double> seedPeaks = new ArrayList<>();
      for (Sweep s : sweeps) if (!s.exactCurve().isEmpty()) seedPeaks.add((double) peak(s.exactCurve(), 1));
      int geoPeak = -1;
      double top = Double.NEGATIVE_INFINITY;
      for (Map.Entry<Integer, Double> e : geo.entrySet()) if (e.getValue() > top) { top = e.getValue(); geoPeak = e.getKey(); }
      JsonObject peakJson = new JsonObject();
      peakJson.addProperty("couplings", couplings);
      peakJson.addProperty("peakOfGeometricMean", geoPeak);
      peakJson.addProperty("peakGeometricMeanMse", geoPeak < 0 ? Double.NaN : top);
      JsonArray sp = new JsonArray();
      seedPeaks.forEach(v -> sp.add(v.intValue()));
      peakJson.add("peakPerSeed", sp);
      long atCouplings = seedPeaks.stream().filter(v -> v.intValue() == couplings).count();
      peakJson.addProperty("seedsPeakingAtCouplings", atCouplings);
      dim.add("exactPeak", peakJson);
      c1.add("D" + d, dim);

      // Criteria of this dimension, on the means and per seed.
      PerSeed low = perSeed(sweeps, d, 0, a -> a <= 0.5, v -> v > 1);
      criterion("C1.d" + d + ".mse-low-P", "D = " + d + ", trained model: test MSE > 1 for every P <= D^2/2", true, low.onMean(),
          low.text() + "; " + listed(tm, a -> a <= 0.5), perSeedJson(low));
      PerSeed high = perSeed(sweeps, d, 0, a -> a >= 4, v -> v <= 0.3);
      criterion("C1.d" + d + ".mse-high-P", "D = " + d + ", trained model: test MSE <= 0.3 for every P >= 4 D^2", true, high.onMean(),
          high.text() + "; " + listed(tm, a -> a >= 4), perSeedJson(high));
      boolean midPass = !Double.isNaN(mseT.fit().x0()) && mseT.alpha() >= 1 && mseT.alpha() <= 3;
      List<Long> midFailing = new ArrayList<>();
      for (int i = 0; i < mseT.perSeed().size(); i++) {
        double a = mseT.perSeed().get(i);
        if (!(a >= 1 && a <= 3)) midFailing.add(mseT.seeds().get(i));
      }
      PerSeed mid = new PerSeed(midPass, midFailing, mseT.perSeed().size());
      criterion("C1.d" + d + ".midpoint", "D = " + d + ", trained model: the transition's midpoint P*/D^2 lies in [1, 3] (fitted logistic step in "
          + "ln(test MSE) against ln(P/D^2), seeds pooled; a measure fixed before this grid ran, replacing the log-log interpolation between two "
          + "grid points of the first run)", true, midPass,
          mid.text() + "; P*/D^2 = " + mseT.format() + " (bootstrap over seeds); per seed " + SeedMean.of(mseT.perSeed()).format(), perSeedJson(mid));
      PerSeed cosLow = perSeed(sweeps, d, 2, a -> a <= 0.5, v -> v < 0.3);
      PerSeed cosHigh = perSeed(sweeps, d, 2, a -> a >= 4, v -> v > 0.8);
      List<Long> cosFailing = new ArrayList<>(cosLow.failing());
      for (long s : cosHigh.failing()) if (!cosFailing.contains(s)) cosFailing.add(s);
      java.util.Collections.sort(cosFailing);
      PerSeed cos = new PerSeed(cosLow.onMean() && cosHigh.onMean(), cosFailing, Math.max(cosLow.seeds(), cosHigh.seeds()));
      criterion("C1.d" + d + ".cosine", "D = " + d + ", trained model: cos(W, I) < 0.3 for every P <= D^2/2 and > 0.8 for every P >= 4 D^2", true,
          cos.onMean(), cos.text() + "; " + listed(tc, a -> a <= 0.5) + "; " + listed(tc, a -> a >= 4), perSeedJson(cos));

      fitRows.add(List.of(Integer.toString(d), Integer.toString(sweeps.size()), mseT.format(), SeedMean.of(mseT.perSeed()).format(),
          Double.isNaN(mseT.fit().x0()) ? "—" : fmt(mseT.alpha() * d / (d + 1.0)) + " [" + fmt(mseT.low() * d / (d + 1.0)) + ", " + fmt(mseT.high() * d / (d + 1.0)) + "]",
          cosT.format() + " (per seed " + SeedMean.of(cosT.perSeed()).format() + ")", geoPeak < 0 ? "—" : geoPeak + " (" + fmt(geoPeak / (double) d2) + ")", Integer.toString(couplings) + " (" + fmt(couplings / (double) d2) + ")",
          atCouplings + " of " + seedPeaks.size()));

      String c = Svg.color(colour++);
      mseChart.add(new LineChart.Series("D = " + d + ", trained", c, points(tm, d)));
      mseChart.add(new LineChart.Series("D = " + d + ", exact (grid)", c, true, points(em, d)));
      List<LineChart.Point> dense = new ArrayList<>();
      geo.forEach((p, v) -> dense.add(new LineChart.Point(p / (double) d2, v)));
      if (!dense.isEmpty()) mseChart.add(new LineChart.Series(null, c, true, dense));
      cosChart.add(new LineChart.Series("D = " + d + ", trained", c, points(tc, d)));
      cosChart.add(new LineChart.Series("D = " + d + ", exact", c, true, points(ec, d)));
      tables.add(new Document.Heading(4, "D = " + d + " (D² = " + d2 + ", D(D+1) = " + couplings + " active couplings)"));
      tables.add(new Document.Table(null, List.of("P/D²", "P", "seeds", "test MSE, trained", "test MSE, exact minimiser", "cos(W, I), trained",
          "cos(W, I), exact"), tableRows));
    }
    // Does the transition scale as D^2 or as D(D+1)? The ratio of the smallest D's midpoint to the
    // largest D's, bootstrapped: 1 under D^2, (1 + 1/Dmin)/(1 + 1/Dmax) under D(D+1).
    int dMin = r.dimensions().stream().min(Integer::compare).orElseThrow(), dMax = r.dimensions().stream().max(Integer::compare).orElseThrow();
    JsonObject scaling = new JsonObject();
    String scalingText = "—";
    if (dMin != dMax && transitions.get(dMin).resamples().length > 0 && transitions.get(dMax).resamples().length > 0) {
      double[] a = transitions.get(dMin).resamples(), b = transitions.get(dMax).resamples();
      double[] ratio = new double[a.length];
      for (int i = 0; i < a.length; i++) ratio[i] = Math.exp(a[i] - b[i]);
      double point = transitions.get(dMin).alpha() / transitions.get(dMax).alpha();
      double lo = TransitionFit.quantile(ratio, 0.025), hi = TransitionFit.quantile(ratio, 0.975);
      double underCouplings = (1 + 1.0 / dMin) / (1 + 1.0 / dMax);
      // Inside the interval up to the fit's grid resolution (a noise-free curve gives a point interval).
      double slack = 2e-3;
      boolean squares = lo - slack <= 1 && hi + slack >= 1, couplings = lo - slack <= underCouplings && hi + slack >= underCouplings;
      String verdict = squares && !couplings ? "D^2" : couplings && !squares ? "D(D+1)" : squares ? "undecided (both inside)" : "neither (both outside)";
      scaling.addProperty("ratio", point);
      scaling.addProperty("low", lo);
      scaling.addProperty("high", hi);
      scaling.addProperty("underSquares", 1.0);
      scaling.addProperty("underCouplings", underCouplings);
      scaling.addProperty("scalesAs", verdict);
      scalingText = "P*/D² at D = " + dMin + " over P*/D² at D = " + dMax + ": " + fmt(point) + " [" + fmt(lo) + ", " + fmt(hi)
          + "] (bootstrap over seeds); 1 if P* scales as D², " + fmt(underCouplings) + " if as D(D+1): " + verdict;
    }
    c1.add("scaling", scaling);
    summary.add("regression", c1);

    blocks.add(new Document.Heading(3, "C1: in-context linear regression against P/D², for D = " + r.dimensions()));
    blocks.add(Document.Paragraph.plain("Predicting 0 scores test MSE 1. The exact minimiser is the minimum of the same training loss on the same "
        + "prompts (one linear solve); below D(D+1) prompts, the minimum-norm one. Seeds " + r.seeds() + " run P/D² in [" + fmt(r.near().get(0)) + ", "
        + fmt(r.near().get(1)) + "]; the first " + r.seedsAway() + " of them also run the other ratios. The exact minimiser is also solved at every "
        + "whole P of that range (the dashed line without markers: the geometric mean over seeds)."));
    blocks.add(mseChart.chart("Test MSE on fresh tasks against P/D², log-log, one colour per D: trained (solid; mean over seeds, whiskers 95% t "
        + "interval) and exact minimiser (dashed)."));
    blocks.add(cosChart.chart("Cosine between the top-left D x D block of W and the identity, against P/D²: trained (solid) and exact (dashed)."));
    blocks.add(new Document.Heading(4, "The transition per D"));
    blocks.add(Document.Paragraph.plain("P*/D² is the midpoint of a logistic step in ln(P/D²) fitted by least squares to ln(trained test MSE), "
        + "every seed's grid points pooled; the interval is the 2.5% and 97.5% quantiles of " + RESAMPLES + " bootstrap resamples of whole seeds. "
        + "The method was fixed before this grid ran. Per seed: the same fit to one seed's points, mean and 95% t interval over seeds. "
        + "The exact minimiser's peak: the P where the geometric mean over seeds of its test MSE is highest, over every whole P of the near range."));
    blocks.add(new Document.Table(null, List.of("D", "seeds", "P*/D², trained MSE", "P*/D² per seed", "P*/(D(D+1))", "midpoint of cos(W, I), pooled (per seed)",
        "exact minimiser's peak: P (P/D²)", "D(D+1) (/D²)", "seeds whose exact peak is at D(D+1)"), fitRows));
    blocks.add(Document.Paragraph.plain("Scaling: " + scalingText + "."));
    blocks.addAll(tables);
    return blocks;
  }

  private JsonObject transitionJson(Transition t, int dimension) {
    JsonObject o = new JsonObject();
    o.addProperty("alpha", t.alpha());
    o.addProperty("low", t.low());
    o.addProperty("high", t.high());
    o.addProperty("width", t.fit().width());
    o.addProperty("points", t.fit().points());
    o.addProperty("overCouplings", t.alpha() * dimension / (dimension + 1.0));
    JsonArray per = new JsonArray();
    t.perSeed().forEach(per::add);
    o.add("perSeed", per);
    return o;
  }

  private static List<LineChart.Point> points(Map<Double, SeedMean> curve, int dimension) {
    List<LineChart.Point> pts = new ArrayList<>();
    curve.forEach((ratio, m) -> {
      if (m.n() > 0) pts.add(new LineChart.Point(RegressionSpec.tasks(ratio, dimension) / (double) (dimension * dimension), m.mean(), m.low(), m.high()));
    });
    return pts;
  }

  private static String listed(Map<Double, SeedMean> values, java.util.function.DoublePredicate which) {
    StringBuilder sb = new StringBuilder();
    values.forEach((ratio, m) -> {
      if (!which.test(ratio)) return;
      if (sb.length() > 0) sb.append(", ");
      sb.append("P/D²=").append(fmt(ratio)).append(": ").append(m.format());
    });
    return sb.toString();
  }
}
