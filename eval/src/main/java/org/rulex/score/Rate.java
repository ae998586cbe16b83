package org.rulex.score;

/**
 * A success rate with its Wilson 95% score interval. With no trials the rate and the interval
 * are NaN (written as null in results JSON): "no data", never zero.
 */
public record Rate(long successes, long trials, double rate, double low, double high) {
  /** The normal quantile for a two-sided 95% interval. */
  public static final double Z95 = Statistics.Z95;

  public Rate {
    if (trials < 0 || successes < 0 || successes > trials)
      throw new IllegalArgumentException("a rate needs 0 <= successes <= trials, got " + successes + "/" + trials);
    // A rate read back from a file must be the one its counts give (NaN, written null, with no trials).
    if (trials == 0 ? !Double.isNaN(rate) : Math.abs(rate - (double) successes / trials) > 1e-9)
      throw new IllegalArgumentException("rate " + rate + " is not successes/trials = " + successes + "/" + trials);
    if (trials > 0 && !(low <= rate && rate <= high && low >= 0 && high <= 1))
      throw new IllegalArgumentException("a rate's interval needs 0 <= low <= rate <= high <= 1, got [" + low + ", " + high + "] around " + rate);
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

  /** Bootstrap resamples of the prompts for a clustered interval. */
  static final int BOOTSTRAP_RESAMPLES = 2000;

  /**
   * A rate over several trials per prompt (K sampled completions), with the prompt as the unit:
   * successes[i] of trials[i] for prompt i, rate = sum of successes / sum of trials, and a 95%
   * percentile-bootstrap interval from resampling whole prompts (seeded, so reproducible). Trials
   * of one prompt are not independent draws of the population, so a Wilson interval over all
   * completions would be too narrow. With one trial per prompt it is the Wilson interval.
   */
  public static Rate clustered(long[] successes, long[] trials, long seed) {
    long s = 0;
    long t = 0;
    boolean single = true;
    for (int i = 0; i < trials.length; i++) {
      s += successes[i];
      t += trials[i];
      single &= trials[i] <= 1;
    }
    if (single || t == 0) return of(s, t);
    int n = trials.length;
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] rates = new double[BOOTSTRAP_RESAMPLES];
    int defined = 0;
    for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
      long bs = 0;
      long bt = 0;
      for (int k = 0; k < n; k++) {
        int i = random.nextInt(n);
        bs += successes[i];
        bt += trials[i];
      }
      if (bt > 0) rates[defined++] = (double) bs / bt;
    }
    double[] sorted = java.util.Arrays.copyOf(rates, defined);
    java.util.Arrays.sort(sorted);
    double p = (double) s / t;
    double low = Math.min(p, sorted[(int) Math.floor(0.025 * (defined - 1))]);
    double high = Math.max(p, sorted[(int) Math.ceil(0.975 * (defined - 1))]);
    return new Rate(s, t, p, low, high);
  }

  public boolean isDefined() {
    return trials > 0;
  }
}
