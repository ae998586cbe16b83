package org.rulex.suite.diversity;

import java.util.List;

/**
 * One in-context regression unit's result as its file holds it (schema {@value DiversitySuite#SCHEMA}):
 * per task count, the trained linear-attention readout against the exact one, and the exact one
 * alone at every whole P of the near range ({@code exactCurve}; absent, null, in units of schema
 * version 2 and earlier). Read strictly.
 */
public record RegressionResult(
    String part,
    long seed,
    int dimension,
    int contextLength,
    int epochs,
    double learningRate,
    double weightDecay,
    int testTasks,
    List<Row> rows,
    List<ExactPoint> exactCurve,
    double seconds) {

  /** One task count P (alpha = P / D^2): trained and exact figures, and how far their predictions differ. */
  public record Row(int tasks, double alpha, Figures trained, Figures exact, double trainedVsExact, double seconds) {}

  /** The exact minimiser at one P: its test MSE and cosine to the identity. */
  public record ExactPoint(int tasks, double alpha, double testMse, double cosine) {}

  /** Train and test mean squared error and the cosine to the identity ground state. */
  public record Figures(double trainMse, double testMse, double cosine) {}
}
