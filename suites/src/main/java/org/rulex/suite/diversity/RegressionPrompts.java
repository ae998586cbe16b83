package org.rulex.suite.diversity;

import org.rulex.suite.Draws;

/**
 * Prompts of in-context linear regression, one task a prompt: x_i ~ N(0, I_D) for i = 0..N, a task
 * w ~ N(0, I_D), y_i = w.x_i / sqrt(D). A prompt is N + 1 positions of width D + 1, position i
 * holding [x_i; y_i], except the query (position N), whose y is 0; its true y is the label.
 *
 * @param values count x (N + 1) x (D + 1) numbers, row-major (prompt, position, component)
 * @param labels the query's true y, one a prompt
 */
public record RegressionPrompts(int count, int dimension, int contextLength, double[] values, double[] labels) {

  /** Draws {@code count} prompts, each with its own task. */
  public static RegressionPrompts draw(int count, int dimension, int contextLength, Draws draws) {
    int length = contextLength + 1, width = dimension + 1;
    double[] values = new double[count * length * width];
    double[] labels = new double[count];
    double scale = 1 / Math.sqrt(dimension);
    double[] w = new double[dimension];
    for (int p = 0; p < count; p++) {
      for (int j = 0; j < dimension; j++) w[j] = draws.normal();
      for (int i = 0; i < length; i++) {
        int at = (p * length + i) * width;
        double y = 0;
        for (int j = 0; j < dimension; j++) y += w[j] * (values[at + j] = draws.normal());
        y *= scale;
        if (i < contextLength) values[at + dimension] = y;
        else labels[p] = y; // the query's slot stays 0
      }
    }
    return new RegressionPrompts(count, dimension, contextLength, values, labels);
  }

  public int length() {
    return contextLength + 1;
  }

  public int width() {
    return dimension + 1;
  }

  /**
   * The features the merged model's prediction is linear in: prediction = sum_mn s_mn W_mn with
   * s_mn = (Z Z^T)_{last, m} Z_{n, query} / N, Z being the prompt as columns. Row p of the result
   * holds prompt p's s, row-major in (m, n): count x (D + 1)^2.
   */
  public double[][] features() {
    int length = length(), width = width();
    double[][] s = new double[count][width * width];
    double[] gramLastRow = new double[width];
    for (int p = 0; p < count; p++) {
      int base = p * length * width;
      java.util.Arrays.fill(gramLastRow, 0);
      for (int i = 0; i < length; i++) {
        double y = values[base + i * width + dimension];
        for (int m = 0; m < width; m++) gramLastRow[m] += y * values[base + i * width + m];
      }
      int query = base + contextLength * width;
      for (int m = 0; m < width; m++)
        for (int n = 0; n < width; n++) s[p][m * width + n] = gramLastRow[m] * values[query + n] / contextLength;
    }
    return s;
  }
}
