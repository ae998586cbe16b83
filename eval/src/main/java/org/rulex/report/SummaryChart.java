package org.rulex.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetScore;
import org.rulex.score.SeedMean;

/**
 * The figure a bench report opens with: OOD rule extrapolation of every language, prompt set and
 * checked rule (a row each), every trained model's cells as dots (filled: the cell learned its
 * language), their mean as a tick, the uniform sampler's exact chance level and both baselines'
 * means drawn on the same row. Greedy decoding, over all prompts.
 */
final class SummaryChart {
  private static final int WIDTH = 1000, LABEL = 250, PLOT_RIGHT = 960, TOP = 62, LANE = 9;

  private record Row(String language, String set, String broken, String rule, List<CellGroup> groups) {}

  private final List<CellGroup> groups;
  private final List<String> models;

  SummaryChart(List<CellGroup> groups, List<String> models) {
    this.groups = groups;
    this.models = models;
  }

  /** The chart, or empty when no result has an OOD prompt set. */
  List<Document.Block> blocks() {
    List<Row> rows = rows();
    if (rows.isEmpty()) return List.of();
    List<String> trained = models.stream().filter(m -> !Replication.BASELINES.contains(m)).toList();
    int rowHeight = Math.max(26, LANE * trained.size() + 14);
    int height = TOP + rowHeight * rows.size() + 30;
    double plotW = PLOT_RIGHT - LABEL;
    StringBuilder s = new StringBuilder(Svg.start(WIDTH, height, "OOD rule extrapolation per language and model"));
    legend(s, trained);
    for (int i = 0; i <= 4; i++) {
      double x = LABEL + plotW * i / 4.0;
      s.append(Svg.line(x, TOP - 4, x, TOP + rowHeight * rows.size(), "#e3e3e3", 1, null));
      s.append(Svg.text(x, TOP - 8, "middle", 11, "#555", String.format(Locale.ROOT, "%.2f", i / 4.0)));
      s.append(Svg.text(x, TOP + rowHeight * rows.size() + 14, "middle", 11, "#555", String.format(Locale.ROOT, "%.2f", i / 4.0)));
    }
    String language = null;
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      double top = TOP + rowHeight * r;
      double mid = top + rowHeight / 2.0;
      if (r % 2 == 0) s.append(Svg.rect(LABEL, top, plotW, rowHeight, "#f7f7f7", ""));
      if (!row.language().equals(language)) {
        s.append(Svg.line(8, top, PLOT_RIGHT, top, "#999", 1, null));
        s.append(Svg.text(10, mid - 2, "start", 12, "#222", row.language()).replace("<text ", "<text font-weight=\"bold\" "));
        language = row.language();
      }
      s.append(Svg.text(LABEL - 8, mid + 4, "end", 11, "#222", row.rule() + " | breaks " + row.broken()));
      List<CellResult> all = new ArrayList<>();
      for (CellGroup g : row.groups()) all.addAll(g.cells());
      OptionalDouble chance = CellGroup.chanceOf(all, row.set(), row.rule());
      if (chance.isPresent()) {
        double x = LABEL + plotW * chance.getAsDouble();
        s.append(Svg.line(x, top + 2, x, top + rowHeight - 2, "#c00", 2, "3 2").replace("<line ", "<line class=\"chance\" "));
      }
      for (CellGroup g : row.groups()) {
        List<Double> rates = new ArrayList<>();
        for (CellResult c : g.cells()) rates.add(rate(c, row.set(), row.rule()));
        SeedMean mean = SeedMean.of(rates);
        if (mean.n() == 0) continue;
        double xm = LABEL + plotW * mean.mean();
        String tip = g.model() + ": mean " + SeedMean.num(mean.mean()) + " over " + mean.n() + " seeds, " + g.learned() + " learned";
        if (Replication.BASELINES.contains(g.model())) {
          baseline(s, g.model(), xm, mid, tip);
          continue;
        }
        String color = ReportCharts.color(models, g.model());
        double y = top + 7 + LANE * trained.indexOf(g.model());
        s.append(Svg.line(xm, y - 5, xm, y + 5, color, 2.5, null).replace("/>\n", ">" + Svg.title(tip) + "</line>\n"));
        for (int k = 0; k < g.cells().size(); k++) {
          double v = rates.get(k);
          if (Double.isNaN(v)) continue;
          boolean learned = g.cells().get(k).learned();
          s.append(Svg.circle(LABEL + plotW * v, y, 3, learned ? color : "#fff", color)
              .replace("<circle ", "<circle class=\"" + (learned ? "learned" : "unlearned") + "\" "));
        }
      }
    }
    s.append(Svg.end());
    return List.of(new Document.Chart("chart summary", s.toString(),
        "OOD rule extrapolation (the checked rule on prompt + completion, for prompts that break the other rule; greedy, over all prompts, an "
        + "unfinished completion failing), one row per language, prompt set and checked rule. Dots: a model's cells, one a seed; filled when the "
        + "cell learned its language, open when it did not (its number then describes an untrained model). Tick: the mean over seeds. Red "
        + "dashes: chance, a uniform next-token sampler computed exactly on the same prompts and budget. Grey triangle: the uniform baseline, "
        + "grey square: stop-at-once (means over seeds, the same decoding and scoring)."));
  }

  private void legend(StringBuilder s, List<String> trained) {
    double x = 10;
    for (String m : trained) {
      String color = ReportCharts.color(models, m);
      s.append(Svg.circle(x + 4, 16, 4, color, color));
      s.append(Svg.text(x + 12, 20, "start", 12, "#222", m));
      x += 24 + 7 * m.length();
    }
    s.append(Svg.circle(x + 4, 16, 4, "#fff", "#555"));
    s.append(Svg.text(x + 12, 20, "start", 12, "#222", "open: not learned"));
    x += 130;
    s.append(Svg.line(x + 4, 9, x + 4, 23, "#c00", 2, "3 2"));
    s.append(Svg.text(x + 12, 20, "start", 12, "#222", "chance"));
    x += 70;
    baseline(s, "uniform", x + 4, 16, "uniform baseline");
    s.append(Svg.text(x + 12, 20, "start", 12, "#222", "uniform"));
    x += 80;
    baseline(s, "stop-at-once", x + 4, 16, "stop-at-once baseline");
    s.append(Svg.text(x + 12, 20, "start", 12, "#222", "stop-at-once"));
    s.append(Svg.text(LABEL + (PLOT_RIGHT - LABEL) / 2.0, 40, "middle", 12, "#222", "OOD rule extrapolation (greedy, all prompts)"));
  }

  /** The uniform baseline as a triangle, stop-at-once as a square, in grey. */
  private static void baseline(StringBuilder s, String model, double x, double y, String tip) {
    String shape = model.equals("uniform")
        ? String.format(Locale.ROOT, "<path class=\"baseline\" d=\"M%.1f %.1f l5 9 l-10 0 z\" fill=\"#777\">", x, y - 5)
        : String.format(Locale.ROOT, "<path class=\"baseline\" d=\"M%.1f %.1f h8 v8 h-8 z\" fill=\"#777\">", x - 4, y - 4);
    s.append(shape).append(Svg.title(tip)).append("</path>\n");
  }

  private static double rate(CellResult c, String set, String rule) {
    PromptSetScore p = c.promptSet(set);
    Accuracy a = p == null ? null : p.rules().get(rule);
    return a == null || !a.overAllPrompts().isDefined() ? Double.NaN : a.overAllPrompts().rate();
  }

  /** One row per language, OOD prompt set and checked rule, in the report's order of languages. */
  private List<Row> rows() {
    Map<String, List<CellGroup>> byLanguage = new LinkedHashMap<>();
    for (CellGroup g : groups) byLanguage.computeIfAbsent(g.language(), k -> new ArrayList<>()).add(g);
    List<Row> rows = new ArrayList<>();
    for (List<CellGroup> gs : byLanguage.values()) {
      Map<String, Set<String>> sets = new LinkedHashMap<>();
      for (CellGroup g : gs) g.oodSets().forEach((k, v) -> sets.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
      for (Map.Entry<String, Set<String>> e : sets.entrySet())
        for (String rule : e.getValue()) rows.add(new Row(gs.get(0).languageLabel(), e.getKey(), gs.get(0).brokenRule(e.getKey()), rule, gs));
    }
    return rows;
  }
}
