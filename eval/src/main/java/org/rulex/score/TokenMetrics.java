package org.rulex.score;

/**
 * Teacher-forced metrics on held-out members, computed by the models module and held here for
 * the results: mean cross-entropy per predicted token (EOS included, PAD excluded) and
 * next-token accuracy, with the counts they are over.
 */
public record TokenMetrics(double loss, double accuracy, long tokens, long sequences) {
  /** No test set was evaluated. */
  public static TokenMetrics none() {
    return new TokenMetrics(Double.NaN, Double.NaN, 0, 0);
  }
}
