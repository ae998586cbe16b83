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
import java.util.function.ToDoubleFunction;
import org.rulex.report.Document;
import org.rulex.report.LineChart;
import org.rulex.report.Svg;
import org.rulex.report.Verdict;
import org.rulex.score.SeedMean;
import org.rulex.suite.SuiteReport;

/**
 * The report of design v2: the reference learners beside the models, runs that learned their
 * training items or episodes apart from runs that did not, and the paper's findings as verdicts
 * (reproduced, refuted, inconclusive) on the learned runs only. r = P(rule) / (P(rule) +
 * P(distractor)) on BX; pull = r(control) - r(partial exposure), paired by seed; mass = P(rule) +
 * P(distractor), beside r because r of a model that answers neither label is no finding.
 */
final class RulesReportV2 {
  /** A run learned when it answers this share of its in-distribution items or episodes. */
  static final double LEARNED = 0.9;
  /** Learned runs a verdict needs (criterion 1 asks for more: {@link #WEIGHTS_SEEDS}). */
  static final int MIN_LEARNED = 5;
  static final int WEIGHTS_SEEDS = 10;

  private final RulesSpec spec;
  private final List<String> units;

  RulesReportV2(RulesSpec spec, List<String> units) {
    this.spec = spec;
    this.units = units;
  }

  /** One run's figures: one seed in weights (both conditions), one meta-training run in context, or a scripted learner. */
  record Run(int seed, double exemplarAccuracy, double ruleAccuracy, double idAccuracy, double r, double mass, double controlR) {
    double pull() {
      return controlR - r;
    }

    boolean learned() {
      return idAccuracy >= LEARNED;
    }
  }

  /** Figures over runs: r, mass, control r, pull and the accuracies, each a mean with its interval. */
  record Figures(int runs, SeedMean exemplarAccuracy, SeedMean ruleAccuracy, SeedMean idAccuracy, SeedMean r, SeedMean mass,
      SeedMean controlR, SeedMean pull) {
    static Figures of(List<Run> runs) {
      return new Figures(runs.size(), over(runs, Run::exemplarAccuracy), over(runs, Run::ruleAccuracy), over(runs, Run::idAccuracy),
          over(runs, Run::r), over(runs, Run::mass), over(runs, Run::controlR), SeedMean.of(runs.stream().map(Run::pull).toList()).within(-1, 1));
    }

    private static SeedMean over(List<Run> runs, ToDoubleFunction<Run> f) {
      return SeedMean.of(runs.stream().map(x -> f.applyAsDouble(x)).toList()).within(0, 1);
    }
  }

  /** A model (or scripted learner) at one rho (NaN in weights and for a learner): its runs, learned and not. */
  record Row(String model, double rho, List<Run> runs) {
    List<Run> learned() {
      return runs.stream().filter(Run::learned).toList();
    }

    List<Run> unlearned() {
      return runs.stream().filter(x -> !x.learned()).toList();
    }
  }

  record Criterion(int number, String text, String measured, Verdict verdict) {}

  SuiteReport build(Map<String, JsonObject> results) {
    List<Row> references = new ArrayList<>();
    for (ReferenceLearner.Strategy s : ReferenceLearner.Strategy.values()) {
      JsonObject r = results.get(RulesSuite.referenceKey(s));
      references.add(new Row(s.key() + " learner (scripted)", Double.NaN, r == null ? List.of() : List.of(contextRun(r, 0, Double.NaN))));
    }
    List<Row> weights = new ArrayList<>();
    for (String model : spec.inWeights().models()) weights.add(weightsRow(model, results));
    List<Row> context = new ArrayList<>();
    for (String model : spec.inContext().models())
      for (double rho : spec.inContext().rhos(model)) {
        List<Run> runs = new ArrayList<>();
        for (int seed = 0; seed < spec.inContext().seeds(model); seed++) {
          JsonObject r = results.get(RulesSuite.contextKey(model, rho, seed));
          if (r != null) runs.add(contextRun(r, seed, rho));
        }
        context.add(new Row(model, rho, runs));
      }
    List<Criterion> criteria = criteria(references, weights, context);
    int finished = 0;
    for (String key : units) if (results.containsKey(key)) finished++;

    JsonObject summary = new JsonObject();
    summary.addProperty("schema", RulesSuite.SCHEMA);
    summary.addProperty("design", spec.design().key());
    summary.addProperty("finishedUnits", finished);
    summary.addProperty("units", units.size());
    JsonObject ref = new JsonObject();
    for (Row x : references) ref.add(x.model(), x.runs().isEmpty() ? JsonNull.INSTANCE : json(Figures.of(x.runs())));
    summary.add("referenceLearners", ref);
    JsonObject w = new JsonObject();
    for (Row x : weights) w.add(x.model(), json(x));
    summary.add("inWeights", w);
    JsonObject c = new JsonObject();
    for (Row x : context) {
      if (!c.has(x.model())) c.add(x.model(), new JsonArray());
      JsonObject o = json(x);
      o.addProperty("rho", x.rho());
      c.getAsJsonArray(x.model()).add(o);
    }
    summary.add("inContext", c);
    JsonArray cs = new JsonArray();
    for (Criterion x : criteria) {
      JsonObject o = new JsonObject();
      o.addProperty("number", x.number());
      o.addProperty("criterion", x.text());
      o.addProperty("measured", x.measured());
      o.addProperty("verdict", x.verdict().label());
      cs.add(o);
    }
    summary.add("criteria", cs);
    return new SuiteReport(summary, section(references, weights, context, criteria, finished));
  }

  private Row weightsRow(String model, Map<String, JsonObject> results) {
    Map<Integer, JsonObject> partial = seeds(results.get(RulesSuite.weightsKey(model, PartialExposure.Condition.PARTIAL)));
    Map<Integer, JsonObject> control = seeds(results.get(RulesSuite.weightsKey(model, PartialExposure.Condition.CONTROL)));
    List<Run> runs = new ArrayList<>();
    for (var e : partial.entrySet()) {
      JsonObject c = control.get(e.getKey());
      if (c == null) continue;
      JsonObject p = e.getValue();
      // In weights the in-distribution items are the training items, in both conditions.
      double fit = Math.min(d(p, "trainAccuracy"), d(c, "trainAccuracy"));
      runs.add(new Run(e.getKey(), Double.NaN, Double.NaN, fit, d(p, "r"), d(p, "pRule") + d(p, "pDistractor"), d(c, "r")));
    }
    return new Row(model, Double.NaN, runs);
  }

  private static Map<Integer, JsonObject> seeds(JsonObject result) {
    Map<Integer, JsonObject> out = new LinkedHashMap<>();
    if (result != null) for (JsonElement e : result.getAsJsonArray("seeds")) out.put(e.getAsJsonObject().get("seed").getAsInt(), e.getAsJsonObject());
    return out;
  }

  /** In context the in-distribution accuracy is that of the training mix: (1 - rho) exemplar plus rho rule episodes. */
  private static Run contextRun(JsonObject r, int seed, double rho) {
    JsonObject partial = r.getAsJsonObject("partial");
    double ex = d(r.getAsJsonObject("exemplar"), "argmaxRule"), ru = d(r.getAsJsonObject("rule"), "argmaxRule");
    return new Run(seed, ex, ru, Double.isNaN(rho) ? Double.NaN : (1 - rho) * ex + rho * ru, d(partial, "r"),
        d(partial, "pRule") + d(partial, "pDistractor"), d(r.getAsJsonObject("control"), "r"));
  }

  private static double d(JsonObject o, String key) {
    return o.get(key).getAsDouble();
  }

  private Row row(List<Row> rows, String model, double rho) {
    return rows.stream().filter(x -> x.model().equals(model) && Double.compare(x.rho(), rho) == 0).findFirst().orElse(null);
  }

  private List<Criterion> criteria(List<Row> references, List<Row> weights, List<Row> context) {
    List<Criterion> out = new ArrayList<>();
    String ref = spec.inWeights().reference();
    Row w = row(weights, ref, Double.NaN);
    out.add(weights(w == null ? new Row(ref, Double.NaN, List.of()) : w));
    String icl = spec.inContext().reference();
    Row zero = row(context, icl, 0), one = row(context, icl, 1);
    out.add(exemplarAtZero(icl, zero));
    out.add(ruleMakesRuleBased(icl, zero, one));
    out.add(referenceChecks(references));
    return out;
  }

  private static String tooFew(Row x, int need) {
    return x.learned().size() + " learned of " + x.runs().size() + " runs, fewer than the " + need + " a verdict needs";
  }

  /** Criterion 1: in weights, r >= .85 and pull <= .1. */
  private Criterion weights(Row w) {
    String text = "in weights, " + w.model() + " (at least " + WEIGHTS_SEEDS + " learned seeds): rule-based, r >= .85 and pull <= .1";
    List<Run> l = w.learned();
    if (l.size() < WEIGHTS_SEEDS) return new Criterion(1, text, tooFew(w, WEIGHTS_SEEDS), Verdict.INCONCLUSIVE);
    Figures f = Figures.of(l);
    long perSeed = l.stream().filter(x -> x.r() >= 0.85 && x.pull() <= 0.1).count();
    String measured = "r " + f.r().format() + ", pull " + f.pull().format() + ", mass " + f.mass().format() + "; " + l.size() + " learned of "
        + w.runs().size() + "; per seed " + perSeed + " of " + l.size() + " meet both";
    Verdict v = f.r().mean() >= 0.85 && f.pull().mean() <= 0.1 ? Verdict.REPRODUCED
        : f.r().high() < 0.85 || f.pull().low() > 0.1 ? Verdict.REFUTED : Verdict.INCONCLUSIVE;
    return new Criterion(1, text, measured, v);
  }

  /** Criterion 2: exemplar meta-training (rho = 0) gives exemplar-based ICL: pull >= .1 with its interval above 0, mass >= .8. */
  private Criterion exemplarAtZero(String icl, Row zero) {
    String text = "in context, " + icl + ", rho = 0 (at least " + MIN_LEARNED + " learned runs): exemplar-based, pull >= .1 with its 95% "
        + "interval above 0, and mass >= .8";
    if (zero == null) return new Criterion(2, text, "rho = 0 is not in the grid", Verdict.NOT_RUN);
    List<Run> l = zero.learned();
    if (l.size() < MIN_LEARNED) return new Criterion(2, text, tooFew(zero, MIN_LEARNED), Verdict.INCONCLUSIVE);
    Figures f = Figures.of(l);
    long perSeed = l.stream().filter(x -> x.pull() >= 0.1 && x.mass() >= 0.8).count();
    String measured = "pull " + f.pull().format() + ", mass " + f.mass().format() + ", r " + f.r().format() + "; " + l.size() + " learned of "
        + zero.runs().size() + "; per seed " + perSeed + " of " + l.size() + " have pull >= .1 and mass >= .8";
    Verdict v = f.pull().mean() >= 0.1 && f.pull().low() > 0 && f.mass().mean() >= 0.8 ? Verdict.REPRODUCED
        : f.pull().high() < 0.1 || f.mass().high() < 0.8 ? Verdict.REFUTED : Verdict.INCONCLUSIVE;
    return new Criterion(2, text, measured, v);
  }

  /** Criterion 3: pull(1) <= pull(0) - .1 and r(1) - r(0) >= .2, intervals separated. */
  private Criterion ruleMakesRuleBased(String icl, Row zero, Row one) {
    String text = "in context, " + icl + " (at least " + MIN_LEARNED + " learned runs at each rho): sparse-rule meta-training makes ICL more "
        + "rule-based, pull(1) <= pull(0) - .1 and r(1) - r(0) >= .2, intervals separated";
    if (zero == null || one == null) return new Criterion(3, text, "rho = 0 or rho = 1 is not in the grid", Verdict.NOT_RUN);
    if (zero.learned().size() < MIN_LEARNED || one.learned().size() < MIN_LEARNED)
      return new Criterion(3, text, "rho = 0: " + zero.learned().size() + " learned of " + zero.runs().size() + "; rho = 1: "
          + one.learned().size() + " learned of " + one.runs().size() + "; a verdict needs " + MIN_LEARNED + " learned at each", Verdict.INCONCLUSIVE);
    Figures a = Figures.of(zero.learned()), b = Figures.of(one.learned());
    double rise = b.r().mean() - a.r().mean(), drop = a.pull().mean() - b.pull().mean();
    // Per seed: seed s has the same initial weights at both rhos; pairs where both runs learned.
    int pairs = 0, met = 0;
    for (Run x : zero.learned())
      for (Run y : one.learned())
        if (x.seed() == y.seed()) {
          pairs++;
          if (y.r() - x.r() >= 0.2 && x.pull() - y.pull() >= 0.1) met++;
        }
    String measured = "r " + a.r().format() + " at rho 0, " + b.r().format() + " at rho 1 (rise " + num(rise) + "); pull " + a.pull().format()
        + " and " + b.pull().format() + " (drop " + num(drop) + "); learned " + zero.learned().size() + " of " + zero.runs().size() + " and "
        + one.learned().size() + " of " + one.runs().size() + "; per seed " + met + " of " + pairs + " pairs that both learned meet both";
    boolean separated = b.r().low() > a.r().high() && b.pull().high() < a.pull().low();
    Verdict v = rise >= 0.2 && drop >= 0.1 && separated ? Verdict.REPRODUCED
        : b.r().high() - a.r().low() < 0.2 || a.pull().high() - b.pull().low() < 0.1 ? Verdict.REFUTED : Verdict.INCONCLUSIVE;
    return new Criterion(3, text, measured, v);
  }

  /** Criterion 4: the design tells the two strategies apart, read through the models' own read-out. */
  private Criterion referenceChecks(List<Row> references) {
    String text = "reference learners: rule r = 1, pull 0, rule-episode accuracy 1; exemplar r = .5 (within .02), pull >= .45, "
        + "rule-episode accuracy <= 1/labels + .05";
    Row rule = references.get(0), exemplar = references.get(1);
    if (rule.runs().isEmpty() || exemplar.runs().isEmpty()) return new Criterion(4, text, "not run", Verdict.NOT_RUN);
    Run r = rule.runs().get(0), e = exemplar.runs().get(0);
    double chance = 1.0 / spec.labels() + 0.05;
    boolean pass = ReferenceChecks.rule(r.r(), r.pull(), r.ruleAccuracy()) && ReferenceChecks.exemplar(e.r(), e.pull(), e.ruleAccuracy(), spec.labels());
    return new Criterion(4, text, "rule: r " + num(r.r()) + ", pull " + num(r.pull()) + ", rule-episode accuracy " + num(r.ruleAccuracy())
        + "; exemplar: r " + num(e.r()) + ", pull " + num(e.pull()) + ", rule-episode accuracy " + num(e.ruleAccuracy()) + " (at most "
        + num(chance) + ")", Verdict.of(pass));
  }

  private static JsonObject json(Row x) {
    JsonObject o = new JsonObject();
    o.addProperty("runs", x.runs().size());
    o.add("learned", json(Figures.of(x.learned())));
    o.add("unlearned", json(Figures.of(x.unlearned())));
    return o;
  }

  private static JsonObject json(Figures f) {
    JsonObject o = new JsonObject();
    o.addProperty("runs", f.runs());
    o.add("exemplarAccuracy", json(f.exemplarAccuracy()));
    o.add("ruleAccuracy", json(f.ruleAccuracy()));
    o.add("idAccuracy", json(f.idAccuracy()));
    o.add("r", json(f.r()));
    o.add("mass", json(f.mass()));
    o.add("controlR", json(f.controlR()));
    o.add("pull", json(f.pull()));
    return o;
  }

  private static JsonObject json(SeedMean m) {
    return RulesReport.json(m);
  }

  private static JsonElement number(double v) {
    return RulesReport.number(v);
  }

  private static String num(double v) {
    return SeedMean.num(v);
  }

  private List<Document.Block> section(List<Row> references, List<Row> weights, List<Row> context, List<Criterion> criteria, int finished) {
    List<Document.Block> out = new ArrayList<>();
    out.add(new Document.Heading(2, "Rules versus exemplars, in weights and in context (suite A-RULES, Chan et al. 2022; design v2)"));
    out.add(Document.Paragraph.plain(intro(finished)));
    out.add(new Document.Heading(3, "In weights"));
    out.add(Document.Paragraph.plain("Trained on AX l0 twice (control: AU l0 twice), AW l0, BW l1 twice, CY l2, CZ l2; "
        + spec.inWeights().steps() + " full-batch steps, " + spec.inWeights().seeds() + " seeds per model, the same design and initial weights "
        + "in both conditions. A seed learned when it answers every training item in both conditions (accuracy >= " + LEARNED + ")."));
    out.add(new Document.Table(null, List.of("model", "runs", "seeds", "r", "mass", "control r", "pull", "train accuracy"), weightsRows(weights)));
    out.add(new Document.Heading(3, "In context"));
    out.add(Document.Paragraph.plain(contextCaption()));
    out.add(figure(references, context));
    List<List<String>> crow = new ArrayList<>();
    for (Row x : references) crow.addAll(contextLines(x));
    for (Row x : context) crow.addAll(contextLines(x));
    out.add(new Document.Table(null, List.of("model", "rho", "runs", "seeds", "exemplar accuracy", "rule accuracy", "r", "mass", "control r", "pull"), crow));
    out.add(new Document.Heading(3, "Criteria"));
    out.add(new Document.Verdicts(null, criteria.stream()
        .map(c -> new Document.Check(Integer.toString(c.number()), c.text(), c.verdict(), c.measured())).toList()));
    return out;
  }

  private static List<List<String>> weightsRows(List<Row> weights) {
    List<List<String>> rows = new ArrayList<>();
    for (Row x : weights)
      for (boolean learned : new boolean[] {true, false}) {
        List<Run> runs = learned ? x.learned() : x.unlearned();
        if (runs.isEmpty() && !learned) continue;
        Figures f = Figures.of(runs);
        rows.add(List.of(x.model(), learned ? "learned" : "not learned", Integer.toString(runs.size()), f.r().format(), f.mass().format(),
            f.controlR().format(), f.pull().format(), f.idAccuracy().format()));
      }
    return rows;
  }

  private static List<List<String>> contextLines(Row x) {
    List<List<String>> rows = new ArrayList<>();
    boolean scripted = Double.isNaN(x.rho());
    for (boolean learned : new boolean[] {true, false}) {
      List<Run> runs = scripted ? (learned ? x.runs() : List.of()) : learned ? x.learned() : x.unlearned();
      if (runs.isEmpty() && (!learned || scripted && !x.runs().isEmpty())) continue;
      Figures f = Figures.of(runs);
      rows.add(List.of(x.model(), scripted ? "—" : num(x.rho()), scripted ? "scripted" : learned ? "learned" : "not learned",
          Integer.toString(runs.size()), f.exemplarAccuracy().format(), f.ruleAccuracy().format(), f.r().format(), f.mass().format(),
          f.controlR().format(), f.pull().format()));
    }
    return rows;
  }

  private String intro(int finished) {
    return "Stimuli are two features with " + spec.values() + " values each, one position each through a factored input embedding "
        + "E1[f1] + E2[f2]; " + spec.labels() + " labels. The test stimulus is BX; the rule (feature 1) says l1, summed similarity ties l1 "
        + "(BW twice) with the distractor l0 (AX twice). The control shows AU in place of AX. P(rule) and P(distractor) are label "
        + "probabilities (softmax over the labels) at the query; r = P(rule) / (P(rule) + P(distractor)); mass = P(rule) + P(distractor); "
        + "pull = r(control) - r(partial exposure), paired by seed. The scripted rule and exemplar learners are read out through the same "
        + "code as the models. Figures are means over runs with 95% t-intervals, cut to the range the figure can take; runs that learned "
        + "their in-distribution items (accuracy >= " + LEARNED + ") are reported apart from runs that did not, and verdicts use the learned "
        + "runs only. Units finished: " + finished + " of " + units.size() + ".";
  }

  private String contextCaption() {
    RulesSpec.InContext c = spec.inContext();
    return "Meta-trained for " + c.steps() + " steps (batch " + c.batchSize() + ") on a fraction 1 - rho of exemplar episodes (the query a "
        + "variant of its class: summed similarity answers, no single feature does) and rho of sparse-rule episodes with cue conflict "
        + "(only the feature whose values keep one label answers), the loss on " + (c.loss() == RulesSpec.LossAt.QUERY ? "the query's label alone"
            : "the query's label and every context label the items before it fix")
        + "; " + c.reference() + ": rho " + rhos(c.rhos()) + ", " + c.seeds() + " seeds each"
        + (c.otherModels() == null || c.models().size() < 2 ? "" : "; the other models: rho " + rhos(c.otherModels().rhos()) + ", "
            + c.otherModels().seeds() + " seeds each")
        + "; " + c.evalEpisodes() + " test episodes of each kind, padded to the training length. A run learned when its accuracy on held-out "
        + "episodes of its training mix, (1 - rho) exemplar plus rho rule accuracy, is at least " + LEARNED + ".";
  }

  private static String rhos(List<Double> rhos) {
    List<String> out = new ArrayList<>();
    for (double rho : rhos) out.add(new java.math.BigDecimal(Double.toString(rho)).stripTrailingZeros().toPlainString());
    return String.join(", ", out);
  }

  /** r against rho for the learned runs: solid partial exposure, dashed control; the scripted learners' r as reference lines. */
  private Document.Chart figure(List<Row> references, List<Row> context) {
    LineChart chart = new LineChart("r against rho, in context, learned runs", "rho (fraction of sparse-rule episodes)", "r", false, false)
        .yRange(0, 1).figureClass("rules-rho");
    for (double rho = 0; rho <= 1; rho += 0.25) chart.xTick(rho, String.format(Locale.ROOT, "%.2f", rho));
    for (Row x : references) if (!x.runs().isEmpty()) chart.reference(x.runs().get(0).r(), x.model());
    List<String> models = context.stream().map(Row::model).distinct().toList();
    for (int m = 0; m < models.size(); m++) {
      String model = models.get(m);
      for (boolean control : new boolean[] {false, true}) {
        List<LineChart.Point> line = new ArrayList<>();
        for (Row x : context) {
          if (!x.model().equals(model) || x.learned().isEmpty()) continue;
          Figures f = Figures.of(x.learned());
          SeedMean r = control ? f.controlR() : f.r();
          line.add(new LineChart.Point(x.rho(), r.mean(), r.low(), r.high()));
        }
        if (!line.isEmpty()) chart.add(new LineChart.Series(model + (control ? " control" : " partial"), Svg.color(m), control, line));
      }
    }
    return chart.chart("r on BX in context against rho, learned runs only, mean with 95% t-interval whiskers (none for one run); solid "
        + "lines partial exposure, dashed the control; grey dashed lines the scripted learners' r.");
  }
}
