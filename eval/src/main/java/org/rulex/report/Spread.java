package org.rulex.report;

import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation of one metric over seeds. NaN values (a rate with no
 * finished completions, a loss never measured) are left out and counted in missing.
 */
public record Spread(int n, int missing, double mean, double std) {
  public static Spread of(List<Double> values) {
    double sum = 0;
    int n = 0;
    for (double v : values) if (!Double.isNaN(v)) { sum += v; n++; }
    if (n == 0) return new Spread(0, values.size(), Double.NaN, Double.NaN);
    double mean = sum / n;
    double ss = 0;
    for (double v : values) if (!Double.isNaN(v)) ss += (v - mean) * (v - mean);
    double std = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
    return new Spread(n, values.size() - n, mean, std);
  }

  /** "0.812 ± 0.034", the mean alone for one value, "—" for none; "[2 of 3]" when values are missing. */
  public String format() {
    if (n == 0) return "—";
    String s = n > 1 ? num(mean) + " ± " + num(std) : num(mean);
    return missing > 0 ? s + " [" + n + " of " + (n + missing) + "]" : s;
  }

  static String num(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }
}
