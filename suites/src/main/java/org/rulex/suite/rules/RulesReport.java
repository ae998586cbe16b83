package org.rulex.suite.rules;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.rulex.report.Document;
import org.rulex.report.LineChart;
import org.rulex.report.Svg;
import org.rulex.report.Verdict;
import org.rulex.score.SeedMean;
import org.rulex.suite.SuiteReport;

/**
 * The rules suite's report: the in-weights table (every model, partial exposure beside its
 * control), r against rho in context with intervals over seeds, and the criteria judged on the
 * reference model. Works on whatever units have finished; a figure with no seeds shows as "—".
 */
final class RulesReport {

  private final RulesSpec spec;
  private final List<String> units;

  RulesReport(RulesSpec spec, List<String> units) {
    this.spec = spec;
    this.units = units;
  }

  /** One model in weights: the per-seed figures of both conditions, paired by seed. */
  record InWeights(String model, SeedMean pRule, SeedMean pDistractor, SeedMean r, SeedMean controlRule, SeedMean controlDistractor,
      SeedMean controlR, SeedMean pull, SeedMean trainAccuracy) {}

  /** One model at one rho in context, over seeds. */
  record InContext(String model, double rho, SeedMean exemplarAccuracy, SeedMean ruleAccuracy, SeedMean pRule, SeedMean pDistractor,
      SeedMean r, SeedMean controlR, SeedMean pull) {}

  /** A criterion with what was measured; pass is null when the units it needs have not run. */
  record Criterion(int number, String text, String measured, Boolean pass) {}

  SuiteReport build(Map<String, JsonObject> results) {
    List<InWeights> weights = new ArrayList<>();
    for (String model : spec.inWeights().models()) weights.add(inWeights(model, results));
    List<InContext> context = new ArrayList<>();
    for (String model : spec.inContext().models())
      for (double rho : spec.inContext().rhos(model)) context.add(inContext(model, rho, results));
    List<Criterion> criteria = criteria(weights, context);
    int finished = 0;
    for (String key : units) if (results.containsKey(key)) finished++;
    int total = units.size();

    JsonObject summary = new JsonObject();
    summary.addProperty("schema", RulesSuite.SCHEMA);
    summary.addProperty("finishedUnits", finished);
    summary.addProperty("units", total);
    JsonObject w = new JsonObject();
    for (InWeights x : weights) w.add(x.model(), json(x));
    summary.add("inWeights", w);
    JsonObject c = new JsonObject();
    for (InContext x : context) {
      if (!c.has(x.model())) c.add(x.model(), new JsonArray());
      c.getAsJsonArray(x.model()).add(json(x));
    }
    summary.add("inContext", c);
    JsonArray cs = new JsonArray();
    for (Criterion x : criteria) {
      JsonObject o = new JsonObject();
      o.addProperty("number", x.number());
      o.addProperty("criterion", x.text());
      o.addProperty("measured", x.measured());
      o.add("pass", x.pass() == null ? JsonNull.INSTANCE : new JsonPrimitive(x.pass()));
      cs.add(o);
    }
    summary.add("criteria", cs);
    return new SuiteReport(summary, section(weights, context, criteria, finished, total));
  }

  private InWeights inWeights(String model, Map<String, JsonObject> results) {
    Map<Integer, JsonObject> partial = seeds(results.get(RulesSuite.weightsKey(model, PartialExposure.Condition.PARTIAL)));
    Map<Integer, JsonObject> control = seeds(results.get(RulesSuite.weightsKey(model, PartialExposure.Condition.CONTROL)));
    List<Double> pull = new ArrayList<>();
    for (var e : partial.entrySet())
      if (control.containsKey(e.getKey())) pull.add(d(control.get(e.getKey()), "pRule") - d(e.getValue(), "pRule"));
    return new InWeights(model, over(partial, "pRule"), over(partial, "pDistractor"), over(partial, "r"), over(control, "pRule"),
        over(control, "pDistractor"), over(control, "r"), SeedMean.of(pull).within(-1, 1), over(partial, "trainAccuracy"));
  }

  private static Map<Integer, JsonObject> seeds(JsonObject result) {
    Map<Integer, JsonObject> out = new LinkedHashMap<>();
    if (result != null) for (JsonElement e : result.getAsJsonArray("seeds")) out.put(e.getAsJsonObject().get("seed").getAsInt(), e.getAsJsonObject());
    return out;
  }

  private static SeedMean over(Map<Integer, JsonObject> seeds, String key) {
    List<Double> values = new ArrayList<>();
    for (JsonObject o : seeds.values()) values.add(d(o, key));
    return SeedMean.of(values).within(0, 1); // every per-seed figure here is a probability or an accuracy
  }

  private InContext inContext(String model, double rho, Map<String, JsonObject> results) {
    List<JsonObject> runs = new ArrayList<>();
    for (int seed = 0; seed < spec.inContext().seeds(model); seed++) {
      JsonObject r = results.get(RulesSuite.contextKey(model, rho, seed));
      if (r != null) runs.add(r);
    }
    // Probabilities and accuracies, and one difference of two probabilities (the pull, cut to [-1, 1] below).
    Function<Function<JsonObject, Double>, SeedMean> over = f -> SeedMean.of(runs.stream().map(f).toList()).within(0, 1);
    return new InContext(model, rho,
        over.apply(r -> d(r.getAsJsonObject("exemplar"), "argmaxRule")),
        over.apply(r -> d(r.getAsJsonObject("rule"), "argmaxRule")),
        over.apply(r -> d(r.getAsJsonObject("partial"), "pRule")),
        over.apply(r -> d(r.getAsJsonObject("partial"), "pDistractor")),
        over.apply(r -> d(r.getAsJsonObject("partial"), "r")),
        over.apply(r -> d(r.getAsJsonObject("control"), "r")),
        SeedMean.of(runs.stream().map(r -> d(r.getAsJsonObject("control"), "pRule") - d(r.getAsJsonObject("partial"), "pRule")).toList())
            .within(-1, 1));
  }

  private static double d(JsonObject o, String key) {
    return o.get(key).getAsDouble();
  }

  private List<Criterion> criteria(List<InWeights> weights, List<InContext> context) {
    String ref = spec.inWeights().reference();
    List<Criterion> out = new ArrayList<>();
    InWeights w = weights.stream().filter(x -> x.model().equals(ref)).findFirst().orElse(null);
    out.add(w == null || w.r().n() == 0 || w.pull().n() == 0
        ? new Criterion(1, "in weights, " + ref + ": r >= .8 and exemplar pull <= .1", "not run", null)
        : new Criterion(1, "in weights, " + ref + ": r >= .8 and exemplar pull <= .1",
            "r " + w.r().format() + ", pull " + w.pull().format() + " (" + w.r().n() + " seeds)",
            w.r().mean() >= 0.8 && w.pull().mean() <= 0.1));

    String icl = spec.inContext().reference();
    List<InContext> curve = context.stream().filter(x -> x.model().equals(icl) && x.r().n() > 0).sorted((a, b) -> Double.compare(a.rho(), b.rho())).toList();
    InContext zero = curve.stream().filter(x -> x.rho() == 0).findFirst().orElse(null);
    InContext one = curve.stream().filter(x -> x.rho() == 1).findFirst().orElse(null);
    String two = "in context, " + icl + ", rho = 0: exemplar ICL accuracy >= .95 and r <= .5";
    out.add(zero == null ? new Criterion(2, two, "not run", null)
        : new Criterion(2, two, "accuracy " + zero.exemplarAccuracy().format() + ", r " + zero.r().format() + " (" + zero.r().n() + " seeds)",
            zero.exemplarAccuracy().mean() >= 0.95 && zero.r().mean() <= 0.5));

    String three = "in context, " + icl + ": r rises monotonically with rho and r(1) - r(0) >= .3";
    if (zero == null || one == null || curve.size() < 2) out.add(new Criterion(3, three, "not run", null));
    else {
      boolean rising = true;
      StringBuilder means = new StringBuilder();
      for (int i = 0; i < curve.size(); i++) {
        if (i > 0) {
          means.append(", ");
          rising &= curve.get(i).r().mean() > curve.get(i - 1).r().mean();
        }
        means.append(num(curve.get(i).r().mean()));
      }
      double rise = one.r().mean() - zero.r().mean();
      out.add(new Criterion(3, three, "mean r over rho " + rhos(curve) + ": " + means + "; r(1) - r(0) = " + num(rise), rising && rise >= 0.3));
    }

    List<String> missing = new ArrayList<>();
    for (String model : spec.inWeights().models()) {
      InWeights x = weights.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
      if (x == null || x.r().n() == 0 || x.controlR().n() == 0) missing.add(model);
    }
    // In context every run of the grid must have finished, and the in-context models must cover
    // every architecture (architecture and depth) measured in weights.
    List<String> contextMissing = new ArrayList<>();
    for (String model : spec.inContext().models())
      for (InContext x : context)
        if (x.model().equals(model) && (x.r().n() < spec.inContext().seeds(model) || x.controlR().n() < spec.inContext().seeds(model))) {
          contextMissing.add(model);
          break;
        }
    java.util.Set<String> shapes = new java.util.LinkedHashSet<>(), covered = new java.util.HashSet<>();
    for (String model : spec.inWeights().models()) shapes.add(shape(model));
    for (String model : spec.inContext().models()) covered.add(shape(model));
    List<String> uncovered = shapes.stream().filter(x -> !covered.contains(x)).toList();
    out.add(new Criterion(4, "r and exemplar pull for every architecture, in weights and in context, beside the control",
        "in weights: " + (missing.isEmpty() ? "all of " + String.join(", ", spec.inWeights().models()) : "missing " + String.join(", ", missing))
            + "; in context: " + String.join(", ", spec.inContext().models())
            + (contextMissing.isEmpty() ? "" : " (unfinished: " + String.join(", ", contextMissing) + ")")
            + (uncovered.isEmpty() ? "" : "; no in-context model of " + String.join(", ", uncovered)),
        missing.isEmpty() && contextMissing.isEmpty() && uncovered.isEmpty()));
    return out;
  }

  /** An architecture and its depth, e.g. "transformer, 2 layers": what criterion 4 asks to cover. */
  private String shape(String model) {
    JsonObject config = org.rulex.model.ModelZoo.toJson(spec.model(model));
    return config.get("architecture").getAsString() + (config.has("layers") ? ", " + config.get("layers").getAsInt() + " layers" : "");
  }

  private static String rhos(List<InContext> curve) {
    List<String> r = new ArrayList<>();
    for (InContext x : curve) r.add(num(x.rho()));
    return String.join(", ", r);
  }

  private static JsonObject json(InWeights x) {
    JsonObject o = new JsonObject();
    o.add("partial", figures(x.pRule(), x.pDistractor(), x.r()));
    o.add("control", figures(x.controlRule(), x.controlDistractor(), x.controlR()));
    o.add("exemplarPull", json(x.pull()));
    o.add("trainAccuracy", json(x.trainAccuracy()));
    return o;
  }

  private static JsonObject json(InContext x) {
    JsonObject o = new JsonObject();
    o.addProperty("rho", x.rho());
    o.add("exemplarAccuracy", json(x.exemplarAccuracy()));
    o.add("ruleAccuracy", json(x.ruleAccuracy()));
    o.add("partial", figures(x.pRule(), x.pDistractor(), x.r()));
    o.add("controlR", json(x.controlR()));
    o.add("exemplarPull", json(x.pull()));
    return o;
  }

  private static JsonObject figures(SeedMean rule, SeedMean distractor, SeedMean r) {
    JsonObject o = new JsonObject();
    o.add("pRule", json(rule));
    o.add("pDistractor", json(distractor));
    o.add("r", json(r));
    return o;
  }

  /** A seed statistic as the summary writes it (shared with design v2's report). */
  static JsonObject json(SeedMean m) {
    JsonObject o = new JsonObject();
    o.addProperty("seeds", m.n());
    o.add("mean", number(m.mean()));
    o.add("std", number(m.std()));
    o.add("low", number(m.low()));
    o.add("high", number(m.high()));
    return o;
  }

  /** Gson writes NaN only when told to: a figure that does not exist is null. */
  static JsonElement number(double v) {
    return Double.isNaN(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** The report's section: the setting, the in-weights table, r against rho in context, and the criteria. */
  private List<Document.Block> section(List<InWeights> weights, List<InContext> context, List<Criterion> criteria, int finished, int total) {
    List<Document.Block> out = new ArrayList<>();
    out.add(new Document.Heading(2, "Rules versus exemplars, in weights and in context (suite A-RULES, Chan et al. 2022)"));
    out.add(Document.Paragraph.plain(intro(finished, total)));
    out.add(new Document.Heading(3, "In weights"));
    out.add(Document.Paragraph.plain(weightsCaption()));
    out.add(weightsTable(weights));
    out.add(new Document.Heading(3, "In context"));
    out.add(Document.Paragraph.plain(contextCaption()));
    out.add(figure(context, weights));
    out.add(contextTable(context));
    out.add(new Document.Heading(3, "Criteria"));
    out.add(new Document.Verdicts(null, criteria.stream()
        .map(c -> new Document.Check(Integer.toString(c.number()), c.text(), Verdict.of(c.pass()), c.measured())).toList()));
    return out;
  }

  private String intro(int finished, int total) {
    return "Stimuli are two features with " + spec.values() + " values each, one position each through a factored input embedding E1[f1] + E2[f2]; "
        + spec.labels() + " labels. The test stimulus is BX after AW l0, AX l0, BW l1, BW l1: the rule (feature 1) says l1, the exemplar "
        + "neighbour AX says l0 (the distractor). The control shows AU instead of AX. P(rule) and P(distractor) are label probabilities "
        + "(softmax over the labels) at the query; r = P(rule) / (P(rule) + P(distractor)); exemplar pull = P(rule | control) - "
        + "P(rule | partial exposure). Figures are means over seeds with 95% t-intervals, cut to the range the figure can take. Units finished: " + finished + " of " + total + ".";
  }

  private String weightsCaption() {
    RulesSpec.InWeights w = spec.inWeights();
    return "Trained on AW l0, AX l0 (control: AU l0), BW l1 twice, CY l2, CZ l2; " + w.steps() + " full-batch steps, " + w.seeds()
        + " seeds per model, the same design and initial weights in both conditions.";
  }

  private String contextCaption() {
    RulesSpec.InContext c = spec.inContext();
    return "Meta-trained for " + c.steps() + " steps (batch " + c.batchSize() + ") on a fraction 1 - rho of exemplar episodes and rho of "
        + "sparse-rule episodes, the loss on " + (c.loss() == RulesSpec.LossAt.QUERY ? "the query's label alone" : "the query's label and every context label the items before it fix")
        + "; " + c.reference() + ": rho " + rhoList(c.rhos()) + ", " + seeds(c.seeds()) + " each"
        + (c.otherModels() == null || c.models().size() < 2 ? "" : "; the other models: rho " + rhoList(c.otherModels().rhos()) + ", "
            + seeds(c.otherModels().seeds()) + " each")
        + "; " + c.evalEpisodes() + " test episodes of each kind. Accuracy: the "
        + "query's label is the most probable on held-out episodes of each training kind.";
  }

  private static String seeds(int n) {
    return n + (n == 1 ? " seed" : " seeds");
  }

  private static String rhoList(List<Double> rhos) {
    List<String> out = new ArrayList<>();
    for (double rho : rhos) out.add(new java.math.BigDecimal(Double.toString(rho)).stripTrailingZeros().toPlainString());
    return String.join(", ", out);
  }

  private static Document.Table weightsTable(List<InWeights> weights) {
    List<List<String>> rows = new ArrayList<>();
    for (InWeights x : weights)
      rows.add(List.of(x.model(), Integer.toString(x.r().n()), x.pRule().format(), x.pDistractor().format(), x.r().format(),
          x.controlRule().format(), x.controlR().format(), x.pull().format(), x.trainAccuracy().format()));
    return new Document.Table(null, List.of("model", "seeds", "P(rule)", "P(distractor)", "r", "control P(rule)", "control r", "exemplar pull",
        "train accuracy"), rows);
  }

  private static Document.Table contextTable(List<InContext> context) {
    List<List<String>> rows = new ArrayList<>();
    for (InContext x : context)
      rows.add(List.of(x.model(), num(x.rho()), Integer.toString(x.r().n()), x.exemplarAccuracy().format(), x.ruleAccuracy().format(),
          x.pRule().format(), x.pDistractor().format(), x.r().format(), x.controlR().format(), x.pull().format()));
    return new Document.Table(null, List.of("model", "rho", "seeds", "exemplar accuracy", "rule accuracy", "P(rule)", "P(distractor)", "r",
        "control r", "exemplar pull"), rows);
  }

  /** r against rho: one solid line per model (partial exposure), dashed for its control, whiskers the 95% intervals. */
  private Document.Chart figure(List<InContext> context, List<InWeights> weights) {
    LineChart chart = new LineChart("r against rho, in context", "rho (fraction of sparse-rule episodes)", "r", false, false).yRange(0, 1)
        .figureClass("rules-rho").reference(0.5, "r = 0.5");
    for (double rho = 0; rho <= 1; rho += 0.25) chart.xTick(rho, String.format(Locale.ROOT, "%.2f", rho));
    List<String> models = context.stream().map(InContext::model).distinct().toList();
    for (int m = 0; m < models.size(); m++) {
      String model = models.get(m);
      List<InContext> points = context.stream().filter(c -> c.model().equals(model)).sorted((a, b) -> Double.compare(a.rho(), b.rho())).toList();
      for (boolean control : new boolean[] {false, true}) {
        List<LineChart.Point> line = new ArrayList<>();
        for (InContext c : points) {
          SeedMean r = control ? c.controlR() : c.r();
          if (r.n() > 0) line.add(new LineChart.Point(c.rho(), r.mean(), r.low(), r.high()));
        }
        if (!line.isEmpty()) chart.add(new LineChart.Series(model + (control ? " control" : " partial"), Svg.color(m), control, line));
      }
    }
    for (InWeights w : weights)
      if (spec.inContext().models().contains(w.model()) && w.r().n() > 0) chart.reference(w.r().mean(), w.model() + " in weights");
    return chart.chart("r = P(rule) / (P(rule) + P(distractor)) on BX in context against rho, mean over seeds with 95% t-interval "
        + "whiskers; solid lines and filled points partial exposure, dashed lines and open points the control; a grey dashed line is the "
        + "same model's r in weights, or r = 0.5.");
  }
}
