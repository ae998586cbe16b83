package org.rulex.score;

/** The quantiles behind every interval of rulex's reports; {@link SeedMean} is the figure over seeds built on them. */
public final class Statistics {
  /** Two-sided 95% Student-t quantiles (the 97.5% point) for 1..30 degrees of freedom. */
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
    2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
  };

  /** The normal quantile for a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  private Statistics() {}

  /** The 97.5% quantile of Student's t with df degrees of freedom (table to 30, then the normal's 1.96). */
  public static double studentT975(int df) {
    if (df < 1) throw new IllegalArgumentException("degrees of freedom must be at least 1, not " + df);
    return df <= T975.length ? T975[df - 1] : Z95;
  }
}
