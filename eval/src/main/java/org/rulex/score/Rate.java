package org.rulex.score;

/**
 * A success rate with its Wilson 95% score interval. With no trials the rate and the interval
 * are NaN (written as null in results JSON): "no data", never zero.
 */
public record Rate(long successes, long trials, double rate, double low, double high) {
  /** The normal quantile for a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  public Rate {
    if (trials < 0 || successes < 0 || successes > trials)
      throw new IllegalArgumentException("a rate needs 0 <= successes <= trials, got " + successes + "/" + trials);
  }

  /** The rate of successes in trials, with its Wilson 95% interval. */
  public static Rate of(long successes, long trials) {
    if (trials == 0) return new Rate(successes, 0, Double.NaN, Double.NaN, Double.NaN);
    double n = trials;
    double p = successes / n;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    // Clamp only the rounding: the exact bounds are within [0, 1] and bracket p.
    double low = successes == 0 ? 0.0 : Math.min(p, Math.max(0.0, centre - half));
    double high = successes == trials ? 1.0 : Math.max(p, Math.min(1.0, centre + half));
    return new Rate(successes, trials, p, low, high);
  }

  public boolean isDefined() {
    return trials > 0;
  }
}
