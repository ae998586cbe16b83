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
import org.rulex.score.Rate;
import org.rulex.score.SeedMean;

/** The report's charts, a section per language: a bar chart per OOD prompt set and rule, and the training curves. */
final class ReportCharts {
  private static final int W = 520;
  private static final int H = 280;
  private static final int LEFT = 52;
  private static final int TOP = 30;
  private static final int BOTTOM = 46;
  /** The bar charts keep a right margin for the chance label. */
  private static final int BAR_RIGHT = 64;

  /** One bar of a rule-extrapolation chart. */
  private record Bar(String model, SeedMean spread, Rate pooled, List<Double> seeds, OptionalDouble published) {}

  private final List<CellGroup> groups;
  private final List<String> models;

  ReportCharts(List<CellGroup> groups, List<String> models) {
    this.groups = groups;
    this.models = models;
  }

  /** Every language's section of charts: a heading, its bar charts and its training curves. */
  List<Document.Block> blocks() {
    List<Document.Block> out = new ArrayList<>();
    out.add(new Document.Heading(2, "Charts"));
    Map<String, List<CellGroup>> byLanguage = new LinkedHashMap<>();
    for (CellGroup g : groups) byLanguage.computeIfAbsent(g.language(), k -> new ArrayList<>()).add(g);
    for (List<CellGroup> gs : byLanguage.values()) {
      out.add(new Document.Heading(3, gs.get(0).languageLabel()));
      Map<String, Set<String>> sets = new LinkedHashMap<>();
      for (CellGroup g : gs) g.oodSets().forEach((k, v) -> sets.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
      for (Map.Entry<String, Set<String>> e : sets.entrySet())
        for (String rule : e.getValue()) out.add(barChart(gs, e.getKey(), rule));
      out.add(curveChart(gs));
    }
    return out;
  }

  private String color(String model) {
    return color(models, model);
  }

  /** A model's colour in every chart of the report: by its place among the report's models. */
  static String color(List<String> models, String model) {
    return Svg.color(Math.max(0, models.indexOf(model)));
  }

  /** Bars: mean over seeds (all prompts); whiskers: Wilson 95% interval of the pooled prompts; dots: seeds. */
  private Document.Chart barChart(List<CellGroup> gs, String set, String rule) {
    String broken = gs.get(0).brokenRule(set);
    List<Bar> bars = new ArrayList<>();
    for (CellGroup g : gs) {
      long successes = 0;
      long trials = 0;
      List<Double> seeds = new ArrayList<>();
      for (CellResult c : g.cells()) {
        PromptSetScore p = c.promptSet(set);
        Accuracy a = p == null ? null : p.rules().get(rule);
        if (a == null) continue;
        successes += a.overAllPrompts().successes();
        trials += a.overAllPrompts().trials();
        seeds.add(a.overAllPrompts().rate());
      }
      if (seeds.isEmpty()) continue;
      bars.add(new Bar(g.model(), SeedMean.of(seeds), Rate.of(successes, trials), seeds, g.published(broken, rule)));
    }
    List<CellResult> all = new ArrayList<>();
    for (CellGroup g : gs) all.addAll(g.cells());
    OptionalDouble chance = CellGroup.chanceOf(all, set, rule);
    double plotW = W - LEFT - BAR_RIGHT;
    double plotH = H - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    String title = gs.get(0).languageLabel() + ": " + rule + " on prompts that break " + broken + " (" + set + ")";
    s.append(Svg.start(W, H, title)).append(Svg.title(title)).append('\n');
    s.append(Svg.text(W / 2.0, 18, "middle", 13, "#222", title));
    for (int i = 0; i <= 4; i++) {
      double v = i / 4.0;
      double y = TOP + plotH * (1 - v);
      s.append(Svg.line(LEFT, y, W - BAR_RIGHT, y, "#e3e3e3", 1, null));
      s.append(Svg.text(LEFT - 6, y + 4, "end", 11, "#555", String.format(Locale.ROOT, "%.2f", v)));
    }
    s.append(Svg.line(LEFT, TOP, LEFT, TOP + plotH, "#888", 1, null));
    s.append(Svg.line(LEFT, TOP + plotH, W - BAR_RIGHT, TOP + plotH, "#888", 1, null));
    double slot = plotW / Math.max(1, bars.size());
    double barW = Math.min(60, slot * 0.6);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double cx = LEFT + slot * (i + 0.5);
      double mean = b.spread().mean();
      double y = TOP + plotH * (1 - mean);
      s.append(Svg.rect(cx - barW / 2, y, barW, TOP + plotH - y, color(b.model()), "fill-opacity=\"0.75\"").replace("<rect ", "<rect class=\"bar\" ")
          .replace("/>\n", ">" + Svg.title(b.model() + ": mean " + SeedMean.num(mean) + " over " + b.seeds().size() + " seeds; pooled " + b.pooled().successes()
              + "/" + b.pooled().trials() + ", Wilson 95% [" + SeedMean.num(b.pooled().low()) + ", " + SeedMean.num(b.pooled().high()) + "]") + "</rect>\n"));
      if (b.pooled().isDefined()) {
        double yl = TOP + plotH * (1 - b.pooled().low());
        double yh = TOP + plotH * (1 - b.pooled().high());
        s.append(Svg.line(cx, yl, cx, yh, "#222", 1.5, null));
        s.append(Svg.line(cx - 6, yl, cx + 6, yl, "#222", 1.5, null));
        s.append(Svg.line(cx - 6, yh, cx + 6, yh, "#222", 1.5, null));
      }
      for (int k = 0; k < b.seeds().size(); k++) {
        double v = b.seeds().get(k);
        if (Double.isNaN(v)) continue;
        double dx = b.seeds().size() == 1 ? 0 : (k / (b.seeds().size() - 1.0) - 0.5) * barW * 0.6;
        s.append(Svg.circle(cx + dx, TOP + plotH * (1 - v), 2.5, "#fff", "#222").replace("<circle ", "<circle class=\"seed\" "));
      }
      if (b.published().isPresent()) {
        double py = TOP + plotH * (1 - b.published().getAsDouble());
        s.append(String.format(Locale.ROOT, "<path class=\"published\" d=\"M%.1f %.1f l6 -6 l6 6 l-6 6 z\" fill=\"#000\">%s</path>\n",
            cx + barW / 2 + 2, py, Svg.title(Published.LABEL + ": " + SeedMean.num(b.published().getAsDouble()))));
      }
      s.append(Svg.text(cx, TOP + plotH + 15, "middle", 12, "#222", b.model()));
      s.append(Svg.text(cx, TOP + plotH + 29, "middle", 11, "#555", SeedMean.num(mean) + " (n=" + b.seeds().size() + ")"));
    }
    if (chance.isPresent()) {
      double cy = TOP + plotH * (1 - chance.getAsDouble());
      s.append(Svg.line(LEFT, cy, W - BAR_RIGHT, cy, "#c00", 1.2, "5 4").replace("<line ", "<line class=\"chance\" "));
      s.append(Svg.text(W - BAR_RIGHT + 4, cy - 2, "start", 11, "#c00", "chance"));
      s.append(Svg.text(W - BAR_RIGHT + 4, cy + 11, "start", 11, "#c00", CellGroup.chance(chance.getAsDouble())));
    }
    s.append(Svg.end());
    return new Document.Chart("chart rule-extrapolation", s.toString(), "Bars: mean over seeds, all prompts (unfinished = failure). Whiskers: Wilson 95% "
        + "interval of the prompts pooled over seeds. Dots: seeds. ◆ " + Published.LABEL + "." + (chance.isPresent() ? " Dashed: chance." : ""));
  }

  /** Validation loss against training step, one line per model and seed, one legend entry per model. */
  private Document.Chart curveChart(List<CellGroup> gs) {
    LineChart chart = new LineChart(gs.get(0).languageLabel() + ": validation loss during training", "step", "validation loss", false, false)
        .withoutMarkers().figureClass("training-curve").whenEmpty("no training curve recorded");
    double maxStep = 0;
    for (CellGroup g : gs) {
      boolean first = true;
      for (CellResult c : g.cells()) {
        List<LineChart.Point> points = new ArrayList<>();
        for (CellResult.CurvePoint p : c.trainingCurve()) {
          if (Double.isNaN(p.valLoss())) continue;
          points.add(new LineChart.Point(p.step(), p.valLoss()));
          maxStep = Math.max(maxStep, p.step());
        }
        if (points.isEmpty()) continue;
        chart.add(new LineChart.Series(first ? g.model() + " (n=" + g.seeds() + ")" : null, color(g.model()), points));
        first = false;
      }
    }
    for (int i = 0; i <= 4; i++) chart.xTick(maxStep * i / 4.0, String.format(Locale.ROOT, "%.0f", maxStep * i / 4.0));
    return chart.chart("Validation loss (teacher-forced cross-entropy per token) against training step; one line per model and seed.");
  }
}
