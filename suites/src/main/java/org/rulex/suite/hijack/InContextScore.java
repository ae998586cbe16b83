package org.rulex.suite.hijack;

import org.rulex.grammar.Vocabulary;

/**
 * What a model's next-token logits on triggered-bigram sequences show: in-context accuracy on
 * trigger outputs from the second occurrence of their trigger on, and the loss on positions the
 * global bigram decides, beside the loss of the true bigram on the same positions.
 */
public final class InContextScore {
  private long inContextCorrect;
  private long inContextTotal;
  private double globalLoss;
  private double oracleLoss;
  private long globalTotal;

  /**
   * Adds one sequence: logits [T][ids] for the input SOS x_1 .. x_{T-1}, where position i predicts
   * x_{i+1} (tokens[i]). Position 0 (after SOS) belongs to neither measure.
   */
  public void add(TriggeredSequence s, GlobalBigram g, float[][] logits) {
    int[] x = s.tokens();
    for (int i = 1; i < x.length; i++) {
      int previous = x[i - 1];
      int output = s.outputOf(previous);
      if (output >= 0) {
        if (seenBefore(x, previous, i - 1)) {
          inContextTotal++;
          if (argmax(logits[i]) == output + Vocabulary.FIRST_SYMBOL) inContextCorrect++;
        }
      } else {
        globalLoss -= logSoftmax(logits[i], x[i] + Vocabulary.FIRST_SYMBOL);
        oracleLoss -= Math.log(g.probability(previous, x[i]));
        globalTotal++;
      }
    }
  }

  /** True if token q occurs at a position before {@code before}. */
  private static boolean seenBefore(int[] x, int q, int before) {
    for (int j = 0; j < before; j++) if (x[j] == q) return true;
    return false;
  }

  static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
    return best;
  }

  /** log softmax(row)[id], computed stably in double. */
  static double logSoftmax(float[] row, int id) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : row) max = Math.max(max, v);
    double sum = 0;
    for (float v : row) sum += Math.exp(v - max);
    return row[id] - max - Math.log(sum);
  }

  /** Correct in-context predictions over in-context positions (NaN if there were none). */
  public double inContextAccuracy() {
    return inContextTotal == 0 ? Double.NaN : (double) inContextCorrect / inContextTotal;
  }

  public long inContextPositions() {
    return inContextTotal;
  }

  /** Mean loss in nats on global-bigram positions. */
  public double globalLoss() {
    return globalLoss / globalTotal;
  }

  /** The true bigram's mean loss on the same positions. */
  public double oracleLoss() {
    return oracleLoss / globalTotal;
  }

  public long globalPositions() {
    return globalTotal;
  }
}
