package org.rulex.suite.hijack;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.rulex.report.Document;
import org.rulex.score.SeedMean;
import org.rulex.suite.SuiteReport;

/**
 * The hijack suite's report: per model the in-context accuracy, the global loss, the probe tables
 * at every probe length, the attention shares, and the reproduction criteria judged on the
 * means over seeds; a heat map of one model's attention on one probe in the HTML.
 */
final class HijackReport {
  /** The models the criteria name (the built-in spec's names). */
  static final String TF2 = "tf2", TF1 = "tf1", LSTM = "lstm";
  /** A head is a previous-token (induction) head when at least this share of its attention goes there. */
  static final double HEAD_SHARE = 0.5;

  /** A head ablated at most this high in in-context accuracy has lost it (criterion 1's ceiling for tf1 and the LSTM). */
  static final double ABLATED_ACCURACY = 0.65;
  /** ...and the global bigram survives it when its global loss rises by at most this (nats). */
  static final double GLOBAL_LOSS_RISE = 0.05;

  private final HijackSpec spec;
  private final GlobalBigram bigram;
  private final Map<String, JsonObject> results;
  private final List<Long> seeds;
  private final Map<String, List<JsonObject>> byModel = new LinkedHashMap<>();

  HijackReport(HijackSpec spec, GlobalBigram bigram, Map<String, JsonObject> results) {
    this(spec, bigram, results, spec.seeds());
  }

  /** The report on some of the seeds only: one seed, to judge the criteria seed by seed. */
  private HijackReport(HijackSpec spec, GlobalBigram bigram, Map<String, JsonObject> results, List<Long> seeds) {
    this.spec = spec;
    this.bigram = bigram;
    this.results = results;
    this.seeds = seeds;
    for (String model : spec.models().keySet()) {
      List<JsonObject> runs = new ArrayList<>();
      for (long seed : seeds) {
        JsonObject r = results.get(HijackSuite.key(model, seed));
        if (r != null) runs.add(r);
      }
      byModel.put(model, runs);
    }
  }

  // ---- figures over seeds ----

  private SeedMean over(String model, Function<JsonObject, Double> figure) {
    List<Double> values = new ArrayList<>();
    for (JsonObject r : byModel.getOrDefault(model, List.of())) values.add(figure.apply(r));
    return SeedMean.of(values);
  }

  private SeedMean top(String model, String field) {
    return bounded(field, over(model, r -> r.get(field).getAsDouble()));
  }

  /**
   * A figure over seeds with its interval cut to the values the field can take: probabilities,
   * accuracies and shares to [0, 1], losses and times to [0, inf); balance as it is.
   */
  private static SeedMean bounded(String field, SeedMean m) {
    return switch (field) {
      case "inContextAccuracy", "pO", "pBest", "argmaxO", "argmaxBest", "previousToken", "induction", "triggerInduction" -> m.within(0, 1);
      case "globalLoss", "oracleLoss", "trainSeconds", "unitSeconds" -> m.within(0, Double.POSITIVE_INFINITY);
      default -> m;
    };
  }

  /** A probe figure of one cell at one length. */
  private SeedMean probe(String model, int length, int m, int n, String field) {
    return bounded(field, over(model, r -> {
      for (JsonElement e : r.getAsJsonArray("probes")) {
        JsonObject p = e.getAsJsonObject();
        if (p.get("length").getAsInt() == length && p.get("m").getAsInt() == m && p.get("n").getAsInt() == n) return p.get(field).getAsDouble();
      }
      return Double.NaN;
    }));
  }

  private boolean hasCell(int m, int n) {
    return spec.probes().cells().contains(List.of(m, n));
  }

  /** Shares of one head: kind is "previousToken", "induction" or "triggerInduction" (see AttentionShares). */
  private SeedMean share(String model, int layer, int head, String kind) {
    return bounded(kind, over(model, r -> shareValue(r, layer, head, kind)));
  }

  private static double shareValue(JsonObject r, int layer, int head, String kind) {
    if (!r.has("attention")) return Double.NaN;
    JsonArray layers = r.getAsJsonObject("attention").getAsJsonArray("layers");
    if (layer >= layers.size()) return Double.NaN;
    JsonArray v = layers.get(layer).getAsJsonObject().getAsJsonArray(kind);
    return head < v.size() ? v.get(head).getAsDouble() : Double.NaN;
  }

  /** Layers and heads of a model's attention read-out (0, 0 when it has none). */
  private int[] attentionShape(String model) {
    for (JsonObject r : byModel.getOrDefault(model, List.of()))
      if (r.has("attention")) {
        JsonArray layers = r.getAsJsonObject("attention").getAsJsonArray("layers");
        return new int[] {layers.size(), layers.get(0).getAsJsonObject().getAsJsonArray("previousToken").size()};
      }
    return new int[] {0, 0};
  }

  /** An ablation's figure (inContextAccuracy or globalLoss) over seeds; NaN for a seed without it. */
  private SeedMean ablation(String model, int layer, int head, String kind, String field) {
    return bounded(field, over(model, r -> ablationValue(r, layer, head, kind, field)));
  }

  private static double ablationValue(JsonObject r, int layer, int head, String kind, String field) {
    if (!r.has("ablations") || !r.get("ablations").isJsonArray()) return Double.NaN;
    for (JsonElement e : r.getAsJsonArray("ablations")) {
      JsonObject a = e.getAsJsonObject();
      if (a.get("layer").getAsInt() == layer && a.get("head").getAsInt() == head && a.get("kind").getAsString().equals(kind)) return a.get(field).getAsDouble();
    }
    return Double.NaN;
  }

  /** Ablated minus intact, seed by seed, over seeds. */
  private SeedMean ablationChange(String model, int layer, int head, String kind, String field) {
    return over(model, r -> ablationValue(r, layer, head, kind, field) - r.get(field).getAsDouble());
  }

  private boolean hasAblations(String model) {
    for (JsonObject r : byModel.getOrDefault(model, List.of())) if (r.has("ablations") && r.get("ablations").isJsonArray()) return true;
    return false;
  }

  /** The head of a layer with the highest mean share of a kind (the head a criterion names). */
  private int strongestHead(String model, int layer, String kind) {
    int heads = attentionShape(model)[1], best = 0;
    for (int h = 1; h < heads; h++) if (share(model, layer, h, kind).mean() > share(model, layer, best, kind).mean()) best = h;
    return best;
  }

  private boolean ran(String model) {
    return !byModel.getOrDefault(model, List.of()).isEmpty();
  }

  // ---- criteria ----

  /** A criterion of the suite: its words, whether it held (null: not run), and the figures that decided. */
  record Verdict(String id, String criterion, Boolean pass, String figures) {}

  List<Verdict> verdicts() {
    List<Verdict> out = new ArrayList<>();
    int t = spec.probes().lengths().get(0);
    // 1
    if (ran(TF2) && ran(TF1) && ran(LSTM)) {
      SeedMean a = top(TF2, "inContextAccuracy"), b = top(TF1, "inContextAccuracy"), c = top(LSTM, "inContextAccuracy");
      out.add(new Verdict("1", "tf2 in-context accuracy >= 0.85; tf1 and lstm <= 0.65 (means over seeds)",
          a.mean() >= 0.85 && b.mean() <= 0.65 && c.mean() <= 0.65,
          "tf2 " + a.format() + ", tf1 " + b.format() + ", lstm " + c.format()));
    } else out.add(new Verdict("1", "tf2 in-context accuracy >= 0.85; tf1 and lstm <= 0.65", null, "needs tf2, tf1 and lstm"));
    // 2
    if (hasCell(0, 0)) {
      boolean all = true;
      List<String> figures = new ArrayList<>();
      for (String model : byModel.keySet()) {
        if (!ran(model)) continue;
        SeedMean s = probe(model, t, 0, 0, "argmaxBest");
        all &= s.mean() >= 0.8;
        figures.add(model + " " + s.format());
      }
      out.add(new Verdict("2", "with m = n = 0 every model's argmax is b* at least 80% of the time (T = " + t + ")",
          figures.isEmpty() ? null : all, String.join(", ", figures)));
    } else out.add(new Verdict("2", "m = 0: every model picks b* >= 80%", null, "the probes have no cell [0, 0]"));
    // 3
    List<Integer> ms = new ArrayList<>();
    for (int m = 0; hasCell(m, 0); m++) ms.add(m);
    if (ran(TF2) && ran(TF1) && ran(LSTM) && ms.size() >= 3) {
      List<String> figures = new ArrayList<>();
      boolean rising = true, strong = true;
      double last = Double.NEGATIVE_INFINITY;
      StringBuilder p = new StringBuilder("tf2 P(o) at m = 0.." + (ms.size() - 1) + ": ");
      StringBuilder a = new StringBuilder("tf2 argmax-o: ");
      for (int m : ms) {
        double po = probe(TF2, t, m, 0, "pO").mean();
        rising &= po > last;
        last = po;
        p.append(num(po)).append(m == ms.get(ms.size() - 1) ? "" : ", ");
        if (m >= 2) {
          double ao = probe(TF2, t, m, 0, "argmaxO").mean();
          strong &= ao >= 0.6;
          a.append("m=").append(m).append(' ').append(num(ao)).append(' ');
        }
      }
      figures.add(p.toString());
      figures.add(a.toString().trim());
      boolean flat = true;
      for (String model : new String[] {TF1, LSTM}) {
        double worst = 0;
        for (int m : ms) if (m >= 1) worst = Math.max(worst, probe(model, t, m, 0, "argmaxO").mean());
        flat &= worst <= 0.05;
        figures.add(model + " max argmax-o over m >= 1: " + num(worst));
      }
      out.add(new Verdict("3", "tf2: P(o) rises strictly in m and argmax-o >= 0.6 for m >= 2; tf1 and lstm: argmax-o <= 0.05 (n = 0, T = " + t + ")",
          rising && strong && flat, String.join("; ", figures)));
    } else out.add(new Verdict("3", "tf2: P(o) rises in m, argmax-o >= 0.6 for m >= 2; tf1, lstm <= 0.05", null, "needs tf2, tf1, lstm and cells [0..2, 0]"));
    // 4
    List<List<Integer>> series = new ArrayList<>();
    for (List<Integer> c : spec.probes().cells()) if (c.get(0) + c.get(1) > 0) series.add(c);
    series.sort((x, y) -> Double.compare((double) x.get(0) / (x.get(0) + x.get(1)), (double) y.get(0) / (y.get(0) + y.get(1))));
    if (ran(TF2) && series.size() >= 2) {
      // Cells of one fraction m/(m+n) are averaged: the curve is over the fraction.
      Map<Double, List<Double>> byFraction = new LinkedHashMap<>();
      for (List<Integer> c : series)
        byFraction.computeIfAbsent((double) c.get(0) / (c.get(0) + c.get(1)), k -> new ArrayList<>())
            .add(probe(TF2, t, c.get(0), c.get(1), "balance").mean());
      boolean rising = true;
      double last = Double.NEGATIVE_INFINITY;
      StringBuilder b = new StringBuilder("tf2 P(o)/(P(o)+P(b*)) by m/(m+n): ");
      for (Map.Entry<Double, List<Double>> e : byFraction.entrySet()) {
        double mean = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        rising &= mean > last;
        last = mean;
        b.append(num(e.getKey())).append(" -> ").append(num(mean)).append("; ");
      }
      boolean prior = true;
      int ties = 0;
      StringBuilder tie = new StringBuilder("argmax b* at m = n:");
      for (List<Integer> c : series)
        if (c.get(0).equals(c.get(1))) {
          double ab = probe(TF2, t, c.get(0), c.get(1), "argmaxBest").mean();
          prior &= ab > 0.5;
          ties++;
          tie.append(" (").append(c.get(0)).append(',').append(c.get(1)).append(") ").append(num(ab));
        }
      out.add(new Verdict("4", "tf2: P(o)/(P(o)+P(b*)) rises strictly in m/(m+n); b* chosen more than half the time at m = n (T = " + t + ")",
          ties > 0 ? rising && prior : null, b + tie.toString()));
    } else out.add(new Verdict("4", "tf2: balance rises in m/(m+n); the prior wins ties", null, "needs tf2 and cells with m + n > 0"));
    // 5
    if (ran(TF2) && ran(TF1) && attentionShape(TF2)[0] >= 2) {
      int heads2 = attentionShape(TF2)[1], heads1 = attentionShape(TF1)[1];
      // The induction share judged is the one at trigger positions (AttentionShares says why); the
      // share over all repeated positions is stated beside it.
      double prev = 0, ind = 0, indAll = 0, tf1Ind = 0, tf1Prev = 0;
      for (int h = 0; h < heads2; h++) {
        prev = Math.max(prev, share(TF2, 0, h, "previousToken").mean());
        ind = Math.max(ind, share(TF2, 1, h, "triggerInduction").mean());
        indAll = Math.max(indAll, share(TF2, 1, h, "induction").mean());
      }
      for (int h = 0; h < heads1; h++) {
        tf1Ind = Math.max(tf1Ind, share(TF1, 0, h, "triggerInduction").mean());
        tf1Prev = Math.max(tf1Prev, share(TF1, 0, h, "previousToken").mean());
      }
      out.add(new Verdict("5", "tf2: a layer-1 head with previous-token share >= " + HEAD_SHARE + " and a layer-2 head with induction share at trigger positions >= " + HEAD_SHARE
          + "; tf1: no head with induction share at trigger positions >= " + HEAD_SHARE + " (the share at trigger positions was chosen after the first "
          + "measure, over all repeated positions, failed; that one is stated beside it)",
          prev >= HEAD_SHARE && ind >= HEAD_SHARE && tf1Ind < HEAD_SHARE,
          "tf2 layer 1 previous-token " + num(prev) + ", layer 2 induction at trigger positions " + num(ind) + " (over all repeated positions, last occurrence: "
              + num(indAll) + "); tf1 induction at trigger positions " + num(tf1Ind) + " (its previous-token share " + num(tf1Prev) + ")"));
    } else out.add(new Verdict("5", "attention read-out: previous-token and induction heads in tf2, none in tf1", null, "needs tf2 (2 layers) and tf1"));
    // 7 and 8: the heads ablated (thresholds fixed before the ablation run).
    for (int layer : new int[] {1, 0}) {
      String id = layer == 1 ? "7" : "8", which = layer == 1 ? "layer-2 induction head" : "layer-1 previous-token head";
      for (String kind : new String[] {"zero", "uniform"}) {
        String words = "tf2 with its " + which + (kind.equals("zero") ? " zeroed" : " given uniform attention") + ": in-context accuracy <= "
            + num(ABLATED_ACCURACY) + " (tf1's level in criterion 1) and the loss on global-bigram positions at most " + num(GLOBAL_LOSS_RISE)
            + " nats above the intact model's";
        if (!ran(TF2) || attentionShape(TF2)[0] < 2 || !hasAblations(TF2)) {
          out.add(new Verdict(id + "-" + kind, words, null, "needs tf2 (2 layers) with ablations"));
          continue;
        }
        int head = strongestHead(TF2, layer, layer == 1 ? "triggerInduction" : "previousToken");
        SeedMean acc = ablation(TF2, layer, head, kind, "inContextAccuracy"), rise = ablationChange(TF2, layer, head, kind, "globalLoss");
        out.add(new Verdict(id + "-" + kind, words, acc.n() > 0 && acc.mean() <= ABLATED_ACCURACY && rise.mean() <= GLOBAL_LOSS_RISE,
            "layer " + (layer + 1) + " head " + (head + 1) + ": in-context accuracy " + acc.format() + " (intact " + top(TF2, "inContextAccuracy").format()
                + "; tf1 " + top(TF1, "inContextAccuracy").format() + "); global loss " + ablation(TF2, layer, head, kind, "globalLoss").format()
                + ", change " + rise.format()));
      }
    }
    return out;
  }

  /**
   * The verdicts on the means, each followed by the same criterion judged on every seed alone:
   * "mean passes; 1 of 3 seeds fail (seed 1)". The verdict stays the one on the means.
   */
  List<Verdict> verdictsWithSeeds() {
    List<Verdict> onMeans = verdicts();
    Map<String, List<Long>> failing = new LinkedHashMap<>();
    Map<String, Integer> judged = new LinkedHashMap<>();
    for (long seed : seeds) {
      for (Verdict v : new HijackReport(spec, bigram, results, List.of(seed)).verdicts()) {
        if (v.pass() == null) continue;
        judged.merge(v.id(), 1, Integer::sum);
        if (!v.pass()) failing.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(seed);
      }
    }
    List<Verdict> out = new ArrayList<>();
    for (Verdict v : onMeans) {
      if (v.pass() == null || !judged.containsKey(v.id())) { out.add(v); continue; }
      List<Long> f = failing.getOrDefault(v.id(), List.of());
      int n = judged.get(v.id());
      String tally = (v.pass() ? "mean passes" : "mean fails") + "; " + (f.isEmpty() ? "all " + n + " seeds pass"
          : f.size() + " of " + n + " seeds fail (seed" + (f.size() > 1 ? "s " : " ") + f.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
      out.add(new Verdict(v.id(), v.criterion(), v.pass(), tally + ". " + v.figures()));
    }
    return out;
  }

  // ---- output ----

  SuiteReport build() {
    List<Verdict> verdicts = verdictsWithSeeds();
    return new SuiteReport(summary(verdicts), section(verdicts));
  }

  private JsonObject summary(List<Verdict> verdicts) {
    JsonObject out = new JsonObject();
    out.addProperty("schema", HijackSuite.SCHEMA);
    out.addProperty("bigramEntropy", bigram.entropy());
    out.addProperty("bigramMeanTopProbability", bigram.meanTopProbability());
    JsonObject models = new JsonObject();
    for (String model : byModel.keySet()) {
      JsonObject m = new JsonObject();
      m.addProperty("seeds", byModel.get(model).size());
      for (String f : new String[] {"inContextAccuracy", "globalLoss", "oracleLoss", "trainSeconds", "unitSeconds"}) m.add(f, top(model, f).toJson());
      JsonArray probes = new JsonArray();
      for (int length : spec.probes().lengths())
        for (List<Integer> c : spec.probes().cells()) {
          JsonObject p = new JsonObject();
          p.addProperty("length", length);
          p.addProperty("m", c.get(0));
          p.addProperty("n", c.get(1));
          for (String f : new String[] {"pO", "pBest", "argmaxO", "argmaxBest", "balance"}) p.add(f, probe(model, length, c.get(0), c.get(1), f).toJson());
          probes.add(p);
        }
      m.add("probes", probes);
      int[] shape = attentionShape(model);
      JsonArray layers = new JsonArray();
      for (int l = 0; l < shape[0]; l++) {
        JsonObject layer = new JsonObject();
        JsonArray prev = new JsonArray(), ind = new JsonArray(), trig = new JsonArray();
        for (int h = 0; h < shape[1]; h++) {
          prev.add(share(model, l, h, "previousToken").toJson());
          ind.add(share(model, l, h, "induction").toJson());
          trig.add(share(model, l, h, "triggerInduction").toJson());
        }
        layer.add("previousToken", prev);
        layer.add("induction", ind);
        layer.add("triggerInduction", trig);
        layers.add(layer);
      }
      if (shape[0] > 0) m.add("attention", layers);
      if (hasAblations(model)) {
        JsonArray abl = new JsonArray();
        for (int l = 0; l < shape[0]; l++)
          for (int h = 0; h < shape[1]; h++)
            for (String kind : new String[] {"zero", "uniform"}) {
              JsonObject a = new JsonObject();
              a.addProperty("layer", l);
              a.addProperty("head", h);
              a.addProperty("kind", kind);
              a.add("inContextAccuracy", ablation(model, l, h, kind, "inContextAccuracy").toJson());
              a.add("inContextAccuracyChange", ablationChange(model, l, h, kind, "inContextAccuracy").toJson());
              a.add("globalLoss", ablation(model, l, h, kind, "globalLoss").toJson());
              a.add("globalLossChange", ablationChange(model, l, h, kind, "globalLoss").toJson());
              abl.add(a);
            }
        m.add("ablations", abl);
      }
      models.add(model, m);
    }
    out.add("models", models);
    JsonArray criteria = new JsonArray();
    for (Verdict v : verdicts) {
      JsonObject c = new JsonObject();
      c.addProperty("id", v.id());
      c.addProperty("criterion", v.criterion());
      c.addProperty("verdict", org.rulex.report.Verdict.of(v.pass()).label());
      c.addProperty("figures", v.figures());
      criteria.add(c);
    }
    out.add("criteria", criteria);
    return out;
  }

  /** A figure of every run of a model, in seed order: "0.874 / 0.832 / 0.916". */
  private String perSeed(String model, Function<JsonObject, Double> figure) {
    List<String> v = new ArrayList<>();
    for (JsonObject r : byModel.getOrDefault(model, List.of())) v.add(num(figure.apply(r)));
    return String.join(" / ", v);
  }

  static String num(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }

  private List<Document.Table> tables() {
    List<Document.Table> tables = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (String model : byModel.keySet())
      rows.add(List.of(model, String.valueOf(byModel.get(model).size()), top(model, "inContextAccuracy").format(),
          top(model, "globalLoss").format(), top(model, "oracleLoss").format(), top(model, "trainSeconds").format()));
    tables.add(new Document.Table("In-context accuracy (outputs from their trigger's second occurrence on) and loss on global-bigram positions, nats (bigram entropy rate "
        + num(bigram.entropy()) + "; the oracle column is the true bigram's loss on the same positions)",
        List.of("model", "seeds", "in-context accuracy", "global loss", "oracle loss", "training s"), rows));
    for (int length : spec.probes().lengths()) {
      List<List<Integer>> cells = spec.probes().cells();
      List<String> header = new ArrayList<>(List.of("model"));
      for (List<Integer> c : cells) header.add("(" + c.get(0) + "," + c.get(1) + ")");
      for (String[] f : new String[][] {{"pO", "P(o)"}, {"pBest", "P(b*)"}, {"argmaxO", "argmax o"}, {"argmaxBest", "argmax b*"}, {"balance", "P(o)/(P(o)+P(b*))"}}) {
        List<List<String>> r = new ArrayList<>();
        for (String model : byModel.keySet()) {
          List<String> row = new ArrayList<>(List.of(model));
          for (List<Integer> c : cells) row.add(num(probe(model, length, c.get(0), c.get(1), f[0]).mean()));
          r.add(row);
        }
        tables.add(new Document.Table("Probes at T = " + length + ": " + f[1] + " by (m, n), mean over seeds", header, r));
      }
    }
    List<List<String>> shares = new ArrayList<>();
    for (String model : byModel.keySet()) {
      int[] shape = attentionShape(model);
      for (int l = 0; l < shape[0]; l++)
        for (int h = 0; h < shape[1]; h++)
        {
          int layer = l, head = h;
          shares.add(List.of(model, String.valueOf(l + 1), String.valueOf(h + 1), share(model, l, h, "previousToken").format(), share(model, l, h, "induction").format(),
              share(model, l, h, "triggerInduction").format(), perSeed(model, r -> shareValue(r, layer, head, "induction")) + "; "
                  + perSeed(model, r -> shareValue(r, layer, head, "triggerInduction"))));
        }
    }
    tables.add(new Document.Table("Attention read-out on the evaluation sequences: share of attention on the previous token; on the token after the last earlier occurrence of the "
        + "current token, over every repeated position; and on the tokens after all earlier occurrences, at repeated trigger positions (where in-context accuracy is scored)",
        List.of("model", "layer", "head", "previous-token share", "induction share, all repeats", "induction share, trigger positions",
            "per seed: all repeats; trigger positions"), shares));
    List<List<String>> abl = new ArrayList<>();
    for (String model : byModel.keySet()) {
      if (!hasAblations(model)) continue;
      abl.add(List.of(model, "none (intact)", "—", top(model, "inContextAccuracy").format(), "—", top(model, "globalLoss").format(), "—",
          perSeed(model, r -> r.get("inContextAccuracy").getAsDouble())));
      int[] shape = attentionShape(model);
      for (int l = 0; l < shape[0]; l++)
        for (int h = 0; h < shape[1]; h++)
          for (String kind : new String[] {"zero", "uniform"}) {
            int layer = l, head = h;
            abl.add(List.of(model, "layer " + (l + 1) + " head " + (h + 1), kind, ablation(model, l, h, kind, "inContextAccuracy").format(),
                ablationChange(model, l, h, kind, "inContextAccuracy").format(), ablation(model, l, h, kind, "globalLoss").format(),
                ablationChange(model, l, h, kind, "globalLoss").format(), perSeed(model, r -> ablationValue(r, layer, head, kind, "inContextAccuracy"))));
          }
    }
    if (!abl.isEmpty())
      tables.add(new Document.Table("Heads ablated at evaluation, one at a time, on the evaluation sequences: zero (the head's output removed) or uniform "
          + "(uniform attention over keys 0..t). Changes are ablated minus intact, paired by seed; mean [95% t interval over seeds]",
          List.of("model", "head ablated", "how", "in-context accuracy", "change", "global loss", "change", "in-context accuracy per seed"), abl));
    return tables;
  }

  private String setup() {
    HijackSpec.Bigram b = spec.bigram();
    String source = "dirichlet".equals(b.source()) ? "rows ~ Dirichlet(" + b.alpha() + "), seed " + b.seed() : "bigram of " + b.words() + " words of " + b.language();
    return String.format(Locale.ROOT,
        "V = %d tokens, K = %d triggers, T = %d; global bigram: %s (entropy rate %.3f nats, mean max P(b|q) %.3f). Training: %d steps, batch %d, Adam lr %s, clip %s. "
            + "Evaluation: %d fresh sequences a seed; probes: %d a cell. Seeds: %s.",
        bigram.size(), spec.triggers(), spec.length(), source, bigram.entropy(), bigram.meanTopProbability(), spec.training().steps(),
        spec.training().batchSize(), spec.training().learningRate(), spec.training().clipNorm(), spec.evaluation(), spec.probes().perCell(), spec.seeds());
  }

  /** The section: the setting, the figures (HTML only), the tables and the criteria. */
  private List<Document.Block> section(List<Verdict> verdicts) {
    List<Document.Block> out = new ArrayList<>();
    out.add(new Document.Heading(2, "Knowledge hijack and induction heads (suite hijack)"));
    out.add(Document.Paragraph.plain(setup() + " Intervals are 95% t-intervals over seeds, cut to the range a figure can take."));
    Figures.heatMaps(byModel.getOrDefault(TF2, List.of()), TF2).ifPresent(out::add);
    Figures.hijackCurve(spec, byModel, this::probeMean).ifPresent(out::add);
    out.addAll(tables());
    out.add(new Document.Verdicts("Criteria", verdicts.stream()
        .map(v -> new Document.Check(v.id(), v.criterion(), org.rulex.report.Verdict.of(v.pass()), v.figures())).toList()));
    return out;
  }

  private double probeMean(String model, int length, int m, int n, String field) {
    return probe(model, length, m, n, field).mean();
  }
}
