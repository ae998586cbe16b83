package org.rulex.suite.diversity;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.rulex.model.vector.Adam;
import org.rulex.model.vector.MergedLinearAttention;
import org.rulex.model.vector.QueryRegression;
import org.rulex.suite.Draws;

/** The prompts, the features the prediction is linear in, and the exact minimiser as an oracle. */
class GroundStateTest {

  @Test
  void promptsHoldTheTasksLabelsAndAZeroQuerySlot() {
    RegressionPrompts p = RegressionPrompts.draw(3, 4, 6, new Draws(1));
    assertEquals(3 * 7 * 5, p.values().length);
    for (int prompt = 0; prompt < 3; prompt++) assertEquals(0, p.values()[(prompt * 7 + 6) * 5 + 4], "the query's y slot is 0");
    // y is linear in x with the same w across a prompt: 5 positions of dimension 4 determine w
    // exactly, so the query's label follows from the context by least squares on 4 of them.
    double[][] a = new double[4][4];
    double[] b = new double[4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) a[i][j] = p.values()[i * 5 + j];
      b[i] = p.values()[i * 5 + 4];
    }
    double[] w = gauss(a, b);
    double query = 0;
    for (int j = 0; j < 4; j++) query += w[j] * p.values()[6 * 5 + j];
    assertEquals(p.labels()[0], query, 1e-9);
    assertArrayEquals(p.values(), RegressionPrompts.draw(3, 4, 6, new Draws(1)).values(), "same seed, same prompts");
  }

  @Test
  void featuresDottedWithWGiveTheModelsLastEntry() {
    RegressionPrompts p = RegressionPrompts.draw(4, 3, 5, new Draws(2));
    double[][] s = p.features();
    try (NDManager manager = NDManager.newBaseManager()) {
      MergedLinearAttention model = new MergedLinearAttention(4, 5, manager, 3);
      double[] viaModel = QueryRegression.predict(model, QueryRegression.prompts(manager, p.values(), 4, 6, 4));
      double[] viaFeatures = GroundState.predict(s, model.weightValues());
      for (int i = 0; i < 4; i++) assertEquals(viaFeatures[i], viaModel[i], 1e-4 * (1 + Math.abs(viaFeatures[i])));
    }
  }

  @Test
  void withDecayTheGradientOfTheLossVanishesAtTheMinimiser() {
    RegressionPrompts p = RegressionPrompts.draw(7, 3, 4, new Draws(5)); // fewer prompts than couplings: decay makes it unique
    double[][] s = p.features();
    double decay = 0.3;
    double[] w = GroundState.solve(s, p.labels(), decay);
    double[] residual = residual(s, p.labels(), w);
    for (int j = 0; j < w.length; j++) {
      double gradient = decay * w[j];
      for (int i = 0; i < s.length; i++) gradient += 2 * residual[i] * s[i][j] / s.length;
      assertEquals(0, gradient, 1e-9, "coupling " + j);
    }
  }

  @Test
  void withoutDecayFewPromptsAreInterpolatedByTheMinimumNormSolution() {
    RegressionPrompts p = RegressionPrompts.draw(6, 3, 4, new Draws(6));
    double[][] s = p.features();
    double[] w = GroundState.solve(s, p.labels(), 0);
    for (double r : residual(s, p.labels(), w)) assertEquals(0, r, 1e-8);
    // The minimum-norm interpolant is the limit of vanishing decay.
    double[] ridge = GroundState.solve(s, p.labels(), 1e-9);
    for (int j = 0; j < w.length; j++) assertEquals(w[j], ridge[j], 1e-4 * (1 + Math.abs(w[j])));
    // The query-slot column never acts and is left at 0.
    for (int m = 0; m < 4; m++) assertEquals(0, w[m * 4 + 3]);
  }

  @Test
  void manyPromptsWithoutDecayGiveTheLeastSquaresSolution() {
    RegressionPrompts p = RegressionPrompts.draw(60, 2, 5, new Draws(9));
    double[][] s = p.features();
    double[] w = GroundState.solve(s, p.labels(), 0);
    double[] residual = residual(s, p.labels(), w);
    for (int j = 0; j < w.length; j++) {
      double gradient = 0;
      for (int i = 0; i < s.length; i++) gradient += residual[i] * s[i][j];
      assertEquals(0, gradient, 1e-8, "normal equation " + j);
    }
  }

  @Test
  void adamTrainedLongApproachesTheExactMinimiser() {
    RegressionPrompts train = RegressionPrompts.draw(40, 2, 8, new Draws(10));
    RegressionPrompts test = RegressionPrompts.draw(200, 2, 8, new Draws(11));
    for (double decay : new double[] {0, 0.05}) {
      double[] exact = GroundState.solve(train.features(), train.labels(), decay);
      double[] exactTest = GroundState.predict(test.features(), exact);
      try (NDManager manager = NDManager.newBaseManager()) {
        MergedLinearAttention model = new MergedLinearAttention(3, 8, manager, 1);
        NDArray x = QueryRegression.prompts(manager, train.values(), 40, 9, 3);
        float[] labels = new float[40];
        for (int i = 0; i < 40; i++) labels[i] = (float) train.labels()[i];
        double[] before = QueryRegression.predict(model, QueryRegression.prompts(manager, test.values(), 200, 9, 3));
        try (Adam adam = new Adam(model.parameters(), 0.01, decay, manager)) {
          QueryRegression.train(model, x, manager.create(labels, new Shape(40)), adam, 3000, e -> {});
        }
        double[] after = QueryRegression.predict(model, QueryRegression.prompts(manager, test.values(), 200, 9, 3));
        double gapBefore = QueryRegression.meanSquaredError(before, exactTest);
        double gapAfter = QueryRegression.meanSquaredError(after, exactTest);
        assertTrue(gapAfter < 1e-3 * QueryRegression.meanSquaredError(exactTest, new double[200]),
            "decay " + decay + ": trained predictions are " + gapAfter + " (mean square) from the exact minimiser's, " + gapBefore + " before training");
        double[] w = model.weightValues();
        assertEquals(GroundState.identityCosine(exact, 2), GroundState.identityCosine(w, 2), 0.01);
      }
    }
  }

  @Test
  void identityCosineIsOneForMultiplesOfTheIdentityAndZeroForTracelessBlocks() {
    double[] w = new double[16]; // D = 3, width 4
    for (int i = 0; i < 3; i++) w[i * 4 + i] = 2.5;
    w[3] = 7; // outside the block: ignored
    assertEquals(1, GroundState.identityCosine(w, 3), 1e-12);
    double[] traceless = new double[16];
    traceless[1] = 1;
    traceless[4] = -1;
    assertEquals(0, GroundState.identityCosine(traceless, 3), 1e-12);
  }

  private static double[] residual(double[][] s, double[] y, double[] w) {
    double[] pred = GroundState.predict(s, w);
    double[] r = new double[y.length];
    for (int i = 0; i < y.length; i++) r[i] = pred[i] - y[i];
    return r;
  }

  /** Plain Gaussian elimination with partial pivoting, independent of the Cholesky under test. */
  private static double[] gauss(double[][] a0, double[] b0) {
    int n = b0.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) a[i] = a0[i].clone();
    double[] b = b0.clone();
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
      double[] t = a[c]; a[c] = a[pivot]; a[pivot] = t;
      double tb = b[c]; b[c] = b[pivot]; b[pivot] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = b[i];
      for (int k = i + 1; k < n; k++) sum -= a[i][k] * x[k];
      x[i] = sum / a[i][i];
    }
    return x;
  }

}
