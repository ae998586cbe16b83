package org.rulex.suite.hijack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rulex.report.Document;
import org.rulex.report.LineChart;
import org.rulex.report.Svg;

/** The report's inline SVG figures: attention heat maps and P(o) against m. */
final class Figures {
  private Figures() {}

  /** A probe figure over seeds, as the report computes it. */
  interface ProbeMean {
    double of(String model, int length, int m, int n, String field);
  }


  /**
   * The attention of every layer and head of the first run of {@code model} on its heat-map probe:
   * one square per layer and head, darker for more weight; cells under 0.02 are left white.
   */
  static Optional<Document.Chart> heatMaps(List<JsonObject> runs, String model) {
    JsonObject run = null;
    for (JsonObject r : runs) if (r.has("attention")) { run = r; break; }
    if (run == null) return Optional.empty();
    JsonObject map = run.getAsJsonObject("attention").getAsJsonObject("heatMap");
    JsonArray layers = map.getAsJsonArray("layers");
    JsonArray tokens = map.getAsJsonArray("tokens");
    int t = tokens.size();
    double cell = Math.max(2, Math.min(6, 360.0 / t));
    double size = cell * t, gap = 40;
    int panels = 0;
    for (int l = 0; l < layers.size(); l++) panels += layers.get(l).getAsJsonArray().size();
    StringBuilder s = new StringBuilder(Svg.start((int) Math.ceil(panels * (size + gap) + gap), (int) Math.ceil(size + 60), "attention heat maps of " + model));
    int panel = 0;
    for (int l = 0; l < layers.size(); l++) {
      JsonArray heads = layers.get(l).getAsJsonArray();
      for (int h = 0; h < heads.size(); h++, panel++) {
        double x0 = gap + panel * (size + gap), y0 = 30;
        s.append(Svg.text(x0, 20, "start", 11, "#222", "layer " + (l + 1) + ", head " + (h + 1) + " (rows: queries, columns: keys)"));
        s.append(Svg.rect(x0, y0, size, size, "white", "stroke=\"#999\""));
        JsonArray matrix = heads.get(h).getAsJsonArray();
        for (int i = 0; i < matrix.size(); i++) {
          JsonArray row = matrix.get(i).getAsJsonArray();
          for (int j = 0; j < row.size(); j++) {
            double w = row.get(j).getAsDouble();
            if (w < 0.02) continue;
            s.append(Svg.rect(x0 + j * cell, y0 + i * cell, cell, cell, "#08306b", String.format(Locale.ROOT, "fill-opacity=\"%.2f\"", w)));
          }
        }
      }
    }
    s.append(Svg.end());
    StringBuilder caption = new StringBuilder("Attention weights of ").append(model).append(" (seed ").append(run.get("seed").getAsLong())
        .append(") on one probe with (m, n) = (").append(map.get("m").getAsInt()).append(", ").append(map.get("n").getAsInt())
        .append("): query token ").append(map.get("query").getAsInt()).append(", planted output ").append(map.get("planted").getAsInt())
        .append(", global best successor ").append(map.get("best").getAsInt()).append(". Tokens: ");
    List<String> words = new ArrayList<>();
    for (int i = 0; i < t; i++) words.add(tokens.get(i).getAsInt() < 0 ? "SOS" : String.valueOf(tokens.get(i).getAsInt()));
    caption.append(String.join(" ", words)).append(". Shares of this run: ");
    JsonArray shareLayers = run.getAsJsonObject("attention").getAsJsonArray("layers");
    List<String> shares = new ArrayList<>();
    for (int l = 0; l < shareLayers.size(); l++) {
      JsonObject layer = shareLayers.get(l).getAsJsonObject();
      for (int h = 0; h < layer.getAsJsonArray("previousToken").size(); h++)
        shares.add(String.format(Locale.ROOT, "layer %d head %d previous-token %.3f, induction %.3f (at trigger positions %.3f)", l + 1, h + 1,
            layer.getAsJsonArray("previousToken").get(h).getAsDouble(), layer.getAsJsonArray("induction").get(h).getAsDouble(),
            layer.has("triggerInduction") ? layer.getAsJsonArray("triggerInduction").get(h).getAsDouble() : Double.NaN));
    }
    caption.append(String.join("; ", shares)).append('.');
    return Optional.of(new Document.Chart("chart heat-map", s.toString(), caption.toString()));
  }

  /** P(o) against m (n = 0) for every model: solid at the first probe length, dashed at the others. */
  static Optional<Document.Chart> hijackCurve(HijackSpec spec, Map<String, List<JsonObject>> byModel, ProbeMean probe) {
    List<Integer> ms = new ArrayList<>();
    for (int m = 0; spec.probes().cells().contains(List.of(m, 0)); m++) ms.add(m);
    if (ms.size() < 2) return Optional.empty();
    List<Integer> lengths = spec.probes().lengths();
    LineChart chart = new LineChart("P(o) against m", "m (n = 0)", "P(o)", false, false).yRange(0, 1).figureClass("hijack");
    int k = 0;
    for (String model : byModel.keySet()) {
      if (byModel.get(model).isEmpty()) continue;
      String colour = Svg.color(k++);
      for (int li = 0; li < lengths.size(); li++) {
        List<LineChart.Point> points = new ArrayList<>();
        for (int m : ms) points.add(new LineChart.Point(m, probe.of(model, lengths.get(li), m, 0, "pO")));
        chart.add(new LineChart.Series(li == 0 ? model : null, colour, li > 0, points));
      }
    }
    return Optional.of(chart.chart("P(o) after the query token against the number m of planted (q, o) pairs, mean over seeds; solid: T = " + lengths.get(0)
        + (lengths.size() > 1 ? ", dashed: T = " + lengths.subList(1, lengths.size()) : "") + "."));
  }
}
