package org.rulex.suite.hijack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rulex.report.LineChart;
import org.rulex.report.Svg;

/** The report's inline SVG figures: attention heat maps and P(o) against m. */
final class Figures {
  private Figures() {}

  /** A probe figure over seeds, as the report computes it. */
  interface ProbeMean {
    double of(String model, int length, int m, int n, String field);
  }

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"};

  private static String f(double v) {
    return Svg.coordinate(v);
  }

  /**
   * The attention of every layer and head of the first run of {@code model} on its heat-map probe:
   * one square per layer and head, darker for more weight; cells under 0.02 are left white.
   */
  static String heatMaps(List<JsonObject> runs, String model) {
    JsonObject run = null;
    for (JsonObject r : runs) if (r.has("attention")) { run = r; break; }
    if (run == null) return "";
    JsonObject map = run.getAsJsonObject("attention").getAsJsonObject("heatMap");
    JsonArray layers = map.getAsJsonArray("layers");
    JsonArray tokens = map.getAsJsonArray("tokens");
    int t = tokens.size();
    double cell = Math.max(2, Math.min(6, 360.0 / t));
    double size = cell * t, gap = 40;
    int panels = 0;
    for (int l = 0; l < layers.size(); l++) panels += layers.get(l).getAsJsonArray().size();
    StringBuilder s = new StringBuilder();
    s.append("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(f(panels * (size + gap) + gap)).append("\" height=\"")
        .append(f(size + 60)).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
    int panel = 0;
    for (int l = 0; l < layers.size(); l++) {
      JsonArray heads = layers.get(l).getAsJsonArray();
      for (int h = 0; h < heads.size(); h++, panel++) {
        double x0 = gap + panel * (size + gap), y0 = 30;
        s.append("<text x=\"").append(f(x0)).append("\" y=\"20\">layer ").append(l + 1).append(", head ").append(h + 1).append(" (rows: queries, columns: keys)</text>\n");
        s.append("<rect x=\"").append(f(x0)).append("\" y=\"").append(f(y0)).append("\" width=\"").append(f(size)).append("\" height=\"")
            .append(f(size)).append("\" fill=\"white\" stroke=\"#999\"/>\n");
        JsonArray matrix = heads.get(h).getAsJsonArray();
        for (int i = 0; i < matrix.size(); i++) {
          JsonArray row = matrix.get(i).getAsJsonArray();
          for (int j = 0; j < row.size(); j++) {
            double w = row.get(j).getAsDouble();
            if (w < 0.02) continue;
            s.append("<rect x=\"").append(f(x0 + j * cell)).append("\" y=\"").append(f(y0 + i * cell)).append("\" width=\"").append(f(cell))
                .append("\" height=\"").append(f(cell)).append("\" fill=\"#08306b\" fill-opacity=\"").append(String.format(Locale.ROOT, "%.2f", w)).append("\"/>\n");
          }
        }
      }
    }
    s.append("</svg>\n<figcaption>Attention weights of ").append(model).append(" (seed ").append(run.get("seed").getAsLong())
        .append(") on one probe with (m, n) = (").append(map.get("m").getAsInt()).append(", ").append(map.get("n").getAsInt())
        .append("): query token ").append(map.get("query").getAsInt()).append(", planted output ").append(map.get("planted").getAsInt())
        .append(", global best successor ").append(map.get("best").getAsInt()).append(". Tokens: ");
    List<String> words = new ArrayList<>();
    for (int i = 0; i < t; i++) words.add(tokens.get(i).getAsInt() < 0 ? "SOS" : String.valueOf(tokens.get(i).getAsInt()));
    s.append(String.join(" ", words)).append(". Shares of this run: ");
    JsonArray shareLayers = run.getAsJsonObject("attention").getAsJsonArray("layers");
    List<String> shares = new ArrayList<>();
    for (int l = 0; l < shareLayers.size(); l++) {
      JsonObject layer = shareLayers.get(l).getAsJsonObject();
      for (int h = 0; h < layer.getAsJsonArray("previousToken").size(); h++)
        shares.add(String.format(Locale.ROOT, "layer %d head %d previous-token %.3f, induction %.3f (at trigger positions %.3f)", l + 1, h + 1,
            layer.getAsJsonArray("previousToken").get(h).getAsDouble(), layer.getAsJsonArray("induction").get(h).getAsDouble(),
            layer.has("triggerInduction") ? layer.getAsJsonArray("triggerInduction").get(h).getAsDouble() : Double.NaN));
    }
    s.append(String.join("; ", shares)).append(".</figcaption>\n</figure>\n");
    return s.toString();
  }

  /** P(o) against m (n = 0) for every model: solid at the first probe length, dashed at the others. */
  static String hijackCurve(HijackSpec spec, Map<String, List<JsonObject>> byModel, ProbeMean probe) {
    List<Integer> ms = new ArrayList<>();
    for (int m = 0; spec.probes().cells().contains(List.of(m, 0)); m++) ms.add(m);
    if (ms.size() < 2) return "";
    List<Integer> lengths = spec.probes().lengths();
    LineChart chart = new LineChart("P(o) against m", "m (n = 0)", "P(o)", false, false).yRange(0, 1).figureClass("hijack");
    int k = 0;
    for (String model : byModel.keySet()) {
      if (byModel.get(model).isEmpty()) continue;
      String colour = COLOURS[k++ % COLOURS.length];
      for (int li = 0; li < lengths.size(); li++) {
        List<LineChart.Point> points = new ArrayList<>();
        for (int m : ms) points.add(new LineChart.Point(m, probe.of(model, lengths.get(li), m, 0, "pO")));
        chart.add(new LineChart.Series(li == 0 ? model : null, colour, li > 0, points));
      }
    }
    return chart.svg("P(o) after the query token against the number m of planted (q, o) pairs, mean over seeds; solid: T = " + lengths.get(0)
        + (lengths.size() > 1 ? ", dashed: T = " + lengths.subList(1, lengths.size()) : "") + ".");
  }
}
