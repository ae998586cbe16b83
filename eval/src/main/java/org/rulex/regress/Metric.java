package org.rulex.regress;

/**
 * One measured number of a checkpoint: a rate with its successes, trials and 95% interval, or
 * a value without an interval (test loss). higherIsBetter says which way a regression goes.
 */
public record Metric(String name, double value, Double low, Double high, long successes, long trials, boolean higherIsBetter) {
  /** The one metric that is not a rate: the mean test loss per token, in nats. */
  public static final String TEST_LOSS = "test/loss";

  public static Metric rate(String name, long successes, long trials, double low, double high) {
    return new Metric(name, trials == 0 ? Double.NaN : (double) successes / trials, low, high, successes, trials, true);
  }

  public static Metric loss(String name, double value) {
    return new Metric(name, value, null, null, 0, 0, false);
  }

  /**
   * Which way a metric of rulex's evaluation is better, known from its name: the test loss falls
   * as a model gets better, every other metric is a rate that rises. A baseline cannot say otherwise.
   */
  public static boolean higherIsBetter(String name) {
    return !TEST_LOSS.equals(name);
  }

  public boolean hasInterval() {
    return low != null && high != null;
  }
}
