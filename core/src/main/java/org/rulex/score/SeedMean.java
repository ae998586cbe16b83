package org.rulex.score;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import org.rulex.score.Statistics;

/**
 * A figure over seeds: mean, sample standard deviation and a 95% Student-t interval for the mean
 * (seeds are few, so a normal interval would be too narrow). NaN values (a rate with no finished
 * completions, a loss never measured) are left out and counted in missing. The one figure over
 * seeds of the bench's and the suites' reports.
 */
public record SeedMean(int n, int missing, double mean, double std, double low, double high) {

  public static SeedMean of(List<Double> values) {
    double sum = 0;
    int n = 0;
    for (double v : values) if (!Double.isNaN(v)) { sum += v; n++; }
    int missing = values.size() - n;
    if (n == 0) return new SeedMean(0, missing, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    double mean = sum / n;
    if (n == 1) return new SeedMean(1, missing, mean, Double.NaN, Double.NaN, Double.NaN);
    double ss = 0;
    for (double v : values) if (!Double.isNaN(v)) ss += (v - mean) * (v - mean);
    double std = Math.sqrt(ss / (n - 1));
    double half = Statistics.studentT975(n - 1) * std / Math.sqrt(n);
    return new SeedMean(n, missing, mean, std, mean - half, mean + half);
  }

  /**
   * The same figure with its interval cut to [min, max], the values the quantity can take (a
   * probability, a difference of two). A t-interval over 2 or 3 seeds is wide enough to pass the
   * ends of that range; the mean cannot lie outside it, so the cut interval covers it as often.
   */
  public SeedMean within(double min, double max) {
    if (min > max) throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    return new SeedMean(n, missing, mean, std, Double.isNaN(low) ? low : Math.max(min, low), Double.isNaN(high) ? high : Math.min(max, high));
  }

  /** "0.812 ± 0.034", the mean alone for one value, "—" for none; "[2 of 3]" when values are missing. */
  public String meanAndStd() {
    if (n == 0) return "—";
    String s = n > 1 ? num(mean) + " ± " + num(std) : num(mean);
    return missing > 0 ? s + " [" + n + " of " + (n + missing) + "]" : s;
  }

  /** "0.912 [0.874, 0.950]", the mean alone for one value, "—" for none. */
  public String format() {
    if (n == 0) return "—";
    if (n == 1) return num(mean);
    return num(mean) + " [" + num(low) + ", " + num(high) + "]";
  }

  /** The summary JSON of a figure: n, mean, std and the interval (NaN where there is none). */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("n", n);
    o.addProperty("mean", mean);
    o.addProperty("std", std);
    o.addProperty("low", low);
    o.addProperty("high", high);
    return o;
  }

  /** A figure as the reports print it: three decimals, "—" for NaN. */
  public static String num(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }
}
