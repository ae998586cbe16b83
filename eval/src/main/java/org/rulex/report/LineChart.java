package org.rulex.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small inline-SVG line chart: series of points with optional interval whiskers, a log or linear
 * x axis and y axis, dashed horizontal reference lines. Enough for a transition curve or a training
 * curve; no library. Every line chart of rulex's reports is drawn by this one class.
 */
public final class LineChart {
  /** A point; low and high are NaN when there is no interval. */
  public record Point(double x, double y, double low, double high) {
    /** A point without an interval. */
    public Point(double x, double y) {
      this(x, y, Double.NaN, Double.NaN);
    }
  }

  /** A line; a null label keeps it out of the legend (one line per seed, say, under one entry). */
  public record Series(String label, String color, boolean dashed, List<Point> points) {
    public Series(String label, String color, List<Point> points) {
      this(label, color, false, points);
    }
  }

  private record Reference(double y, String label) {}

  private static final int WIDTH = 560, HEIGHT = 320, LEFT = 60, RIGHT = 150, TOP = 20, BOTTOM = 46;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();
  private final List<Reference> references = new ArrayList<>();
  private final List<double[]> xTicks = new ArrayList<>();
  private final List<String> xTickLabels = new ArrayList<>();
  private boolean markers = true;
  private double[] yRange;
  private String figureClass = "chart";
  private String emptyMessage;

  public LineChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
    this.logY = logY;
  }

  public LineChart add(Series s) {
    series.add(s);
    return this;
  }

  public LineChart reference(double y, String label) {
    references.add(new Reference(y, label));
    return this;
  }

  /** A labelled tick on the x axis (by default ticks are the points' x values). */
  public LineChart xTick(double x, String label) {
    xTicks.add(new double[] {x});
    xTickLabels.add(label);
    return this;
  }

  /** Without a dot at every point: for long curves, where dots would hide the line. */
  public LineChart withoutMarkers() {
    markers = false;
    return this;
  }

  /** A fixed y range (a probability's [0, 1], say) instead of one that follows the data. */
  public LineChart yRange(double low, double high) {
    yRange = new double[] {low, high};
    return this;
  }

  /** The figure's CSS class after "chart", so that a page can tell its charts apart. */
  public LineChart figureClass(String name) {
    figureClass = "chart " + name;
    return this;
  }

  /** A message written across the plot when no series has a point to draw. */
  public LineChart whenEmpty(String message) {
    emptyMessage = message;
    return this;
  }

  /** The chart as a report block, with its caption. */
  public Document.Chart chart(String caption) {
    double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series)
      for (Point p : s.points()) {
        if (!finite(p.y())) continue;
        xMin = Math.min(xMin, p.x());
        xMax = Math.max(xMax, p.x());
        // The range follows the means: with few seeds an interval can be wide enough to flatten
        // the curve; whiskers are clipped to the plot instead.
        if (!logY || p.y() > 0) {
          yMin = Math.min(yMin, p.y());
          yMax = Math.max(yMax, p.y());
        }
      }
    for (Reference r : references) {
      yMin = Math.min(yMin, r.y());
      yMax = Math.max(yMax, r.y());
    }
    boolean empty = !(xMax >= xMin);
    if (empty) { // nothing to draw yet
      xMin = 1;
      xMax = 10;
      yMin = 0.1;
      yMax = 1;
    }
    if (xMax == xMin) xMax = xMin * 2 + 1;
    if (yMax == yMin) yMax = yMin + 1;
    if (yRange != null) {
      yMin = yRange[0];
      yMax = yRange[1];
    }
    double fx0 = fx(xMin), fx1 = fx(xMax), fy0 = fy(yMin), fy1 = fy(yMax);
    double padY = yRange != null ? 0 : (fy1 - fy0) * 0.05;
    fy0 -= padY;
    fy1 += padY;
    int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
    final double ax0 = fx0, ax1 = fx1, ay0 = fy0, ay1 = fy1;
    java.util.function.DoubleUnaryOperator px = x -> LEFT + (fx(x) - ax0) / (ax1 - ax0) * plotW;
    java.util.function.DoubleUnaryOperator py = y -> TOP + plotH - (fy(y) - ay0) / (ay1 - ay0) * plotH;

    StringBuilder sb = new StringBuilder();
    sb.append(Svg.start(WIDTH, HEIGHT, title));
    sb.append(Svg.rect(LEFT, TOP, plotW, plotH, "none", "stroke=\"#999\""));
    // y ticks: decades (log) or five steps (linear)
    for (double y : yTicks(yMin, yMax)) {
      double yy = py.applyAsDouble(y);
      if (yy < TOP - 0.5 || yy > TOP + plotH + 0.5) continue;
      sb.append(Svg.line(LEFT, yy, LEFT + plotW, yy, "#eee", 1, null));
      sb.append(Svg.text(LEFT - 4, yy + 4, "end", 11, "#222", num(y)));
    }
    List<double[]> ticks = new ArrayList<>(xTicks);
    List<String> labels = new ArrayList<>(xTickLabels);
    if (ticks.isEmpty())
      for (Point p : series.isEmpty() ? List.<Point>of() : series.get(0).points()) {
        ticks.add(new double[] {p.x()});
        labels.add(num(p.x()));
      }
    for (int i = 0; i < ticks.size(); i++) {
      double xx = px.applyAsDouble(ticks.get(i)[0]);
      sb.append(Svg.line(xx, TOP + plotH, xx, TOP + plotH + 4, "#999", 1, null));
      sb.append(Svg.text(xx, TOP + plotH + 16, "middle", 11, "#222", labels.get(i)));
    }
    for (Reference r : references) {
      double yy = py.applyAsDouble(r.y());
      sb.append(Svg.line(LEFT, yy, LEFT + plotW, yy, "#888", 1, "4 3"));
      sb.append(Svg.text(LEFT + plotW - 4, yy - 3, "end", 10, "#666", r.label())); // inside the plot: the legend holds the right margin
    }
    int legendY = TOP + 10;
    for (Series s : series) {
      StringBuilder path = new StringBuilder();
      for (Point p : s.points()) {
        if (!finite(p.y()) || (logY && p.y() <= 0)) continue;
        double xx = px.applyAsDouble(p.x()), yy = py.applyAsDouble(p.y());
        path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", xx, yy));
        if (markers) sb.append(Svg.circle(xx, yy, 3, s.dashed() ? "#fff" : s.color(), s.color()));
        if (finite(p.low()) && finite(p.high()) && (!logY || p.low() > 0))
          sb.append(Svg.line(xx, clamp(py.applyAsDouble(p.low()), TOP, TOP + plotH), xx, clamp(py.applyAsDouble(p.high()), TOP, TOP + plotH), s.color(), 1, null));
      }
      if (path.length() > 0)
        sb.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.5\"")
            .append(s.dashed() ? " stroke-dasharray=\"4 3\"" : "").append("/>\n");
      if (s.label() == null) continue;
      sb.append(Svg.line(LEFT + plotW + 8, legendY + 40, LEFT + plotW + 24, legendY + 40, s.color(), 2, s.dashed() ? "4 3" : null));
      sb.append(Svg.text(LEFT + plotW + 28, legendY + 44, "start", 11, "#222", s.label()));
      legendY += 16;
    }
    sb.append(Svg.text(LEFT + plotW / 2.0, HEIGHT - 8, "middle", 12, "#222", xLabel));
    sb.append(Svg.text(14, TOP + plotH / 2.0, "middle", 12, "#222", yLabel).replace("<text ", "<text transform=\"rotate(-90 14 " + (TOP + plotH / 2) + ")\" "));
    sb.append(Svg.text(LEFT, 14, "start", 12, "#222", title).replace("<text ", "<text font-weight=\"bold\" "));
    if (empty && emptyMessage != null) sb.append(Svg.text(WIDTH / 2.0, HEIGHT / 2.0, "middle", 12, "#555", emptyMessage));
    sb.append(Svg.end());
    return new Document.Chart(figureClass, sb.toString(), caption);
  }

  private List<Double> yTicks(double min, double max) {
    List<Double> t = new ArrayList<>();
    if (logY) {
      for (int e = (int) Math.floor(Math.log10(min)); e <= (int) Math.ceil(Math.log10(max)); e++)
        for (double m : new double[] {1, 3}) t.add(m * Math.pow(10, e));
    } else {
      double step = niceStep((max - min) / 5);
      for (double y = Math.floor(min / step) * step; y <= max + step / 2; y += step) t.add(Math.abs(y) < step / 1e6 ? 0 : y);
    }
    return t;
  }

  private static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= raw) return m * p;
    return 10 * p;
  }

  private double fx(double x) {
    return logX ? Math.log10(x) : x;
  }

  private double fy(double y) {
    return logY ? Math.log10(y) : y;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static boolean finite(double v) {
    return !Double.isNaN(v) && !Double.isInfinite(v);
  }

  /** A number as the axes label it: an integer as such, else three significant digits. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
