package org.rulex.suite.diversity;

import java.util.Locale;
import org.rulex.report.LineChart;

/**
 * Where a curve sampled on a grid crosses a level for the last time: between the last grid point
 * on the starting side and the next one, interpolated linearly in log x (and in log y when asked).
 * Censored when the curve never reaches the level (value NaN, "none") or starts past it ("< x0");
 * {@code beyond} names the end when the last finite grid point is still on the starting side but a
 * further condition (K infinite) is past it.
 *
 * @param value the interpolated x, NaN when censored
 * @param text the value as reported: "12.3", "< 4", "> 64", "none"
 */
public record Crossing(double value, String text) {

  /**
   * The last crossing of {@code level} by ys over increasing xs: downward when {@code falling}
   * (from above the level to at or below it), else upward. NaN ys are skipped.
   */
  public static Crossing of(double[] xs, double[] ys, double level, boolean falling, boolean logY) {
    int lastBefore = -1, first = -1;
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(ys[i])) continue;
      if (first < 0) first = i;
      if (before(ys[i], level, falling)) lastBefore = i;
    }
    if (first < 0) return new Crossing(Double.NaN, "none");
    if (lastBefore < 0) return new Crossing(Double.NaN, "< " + LineChart.num(xs[first]));
    int next = -1;
    for (int i = lastBefore + 1; i < xs.length; i++) if (!Double.isNaN(ys[i])) { next = i; break; }
    if (next < 0) return new Crossing(Double.NaN, "none");
    double y0 = ys[lastBefore], y1 = ys[next], target = level;
    if (logY && y0 > 0 && y1 > 0 && level > 0) {
      y0 = Math.log(y0);
      y1 = Math.log(y1);
      target = Math.log(level);
    }
    double f = (target - y0) / (y1 - y0);
    double lx = Math.log(xs[lastBefore]) + f * (Math.log(xs[next]) - Math.log(xs[lastBefore]));
    double x = Math.exp(lx);
    return new Crossing(x, String.format(Locale.ROOT, "%.3g", x));
  }

  private static boolean before(double y, double level, boolean falling) {
    return falling ? y > level : y < level;
  }
}
