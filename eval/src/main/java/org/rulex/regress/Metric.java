package org.rulex.regress;

/**
 * One measured number of a checkpoint: a rate with its successes, trials and 95% interval, or
 * a value without an interval (test loss). higherIsBetter says which way a regression goes.
 */
public record Metric(String name, double value, Double low, Double high, long successes, long trials, boolean higherIsBetter) {
  public static Metric rate(String name, long successes, long trials, double low, double high) {
    return new Metric(name, trials == 0 ? Double.NaN : (double) successes / trials, low, high, successes, trials, true);
  }

  public static Metric loss(String name, double value) {
    return new Metric(name, value, null, null, 0, 0, false);
  }

  public boolean hasInterval() {
    return low != null && high != null;
  }
}
