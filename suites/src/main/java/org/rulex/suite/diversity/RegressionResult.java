package org.rulex.suite.diversity;

import java.util.List;

/**
 * One in-context regression unit's result as its file holds it (schema {@value DiversitySuite#SCHEMA}):
 * per task count, the trained linear-attention readout against the exact one. Read strictly.
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
    double seconds) {

  /** One task count P (alpha = P / D^2): trained and exact figures, and how far their predictions differ. */
  public record Row(int tasks, double alpha, Figures trained, Figures exact, double trainedVsExact, double seconds) {}

  /** Train and test mean squared error and the cosine to the identity ground state. */
  public record Figures(double trainMse, double testMse, double cosine) {}
}
