package org.rulex.model.vector;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The merged model against Z Z^T W Z / n computed by hand, seeding, and memory. */
class MergedLinearAttentionTest {

  @Test
  void outputIsZZTransposeWZOverNAtEveryPosition() {
    int e = 3, t = 5, n = 4, batch = 2;
    SplittableRandom r = new SplittableRandom(1);
    double[] x = new double[batch * t * e];
    for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() * 2 - 1;
    try (NDManager manager = NDManager.newBaseManager()) {
      MergedLinearAttention model = new MergedLinearAttention(e, n, manager, 5);
      double[] w = model.weightValues();
      float[] out = model.forward(QueryRegression.prompts(manager, x, batch, t, e), false).toFloatArray();
      for (int b = 0; b < batch; b++) {
        // Z [e, t] with Z[m][i] = x[b, i, m]
        double[][] z = new double[e][t];
        for (int i = 0; i < t; i++) for (int m = 0; m < e; m++) z[m][i] = x[(b * t + i) * e + m];
        double[][] gram = multiply(z, transpose(z));
        double[][] wm = new double[e][e];
        for (int m = 0; m < e; m++) for (int c = 0; c < e; c++) wm[m][c] = w[m * e + c];
        double[][] expected = multiply(multiply(gram, wm), z); // [e, t]
        for (int i = 0; i < t; i++)
          for (int m = 0; m < e; m++)
            assertEquals(expected[m][i] / n, out[(b * t + i) * e + m], 1e-4, "prompt " + b + ", position " + i + ", component " + m);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameWeights() {
    try (NDManager manager = NDManager.newBaseManager()) {
      double[] a = new MergedLinearAttention(4, 3, manager, 9).weightValues();
      assertArrayEquals(a, new MergedLinearAttention(4, 3, manager, 9).weightValues());
      assertFalse(java.util.Arrays.equals(a, new MergedLinearAttention(4, 3, manager, 10).weightValues()));
      double sq = 0;
      for (double v : new MergedLinearAttention(40, 3, manager, 1).weightValues()) sq += v * v;
      assertEquals(1.0 / 40, sq / 1600, 0.2 / 40, "entries have variance 1/width");
    }
  }

  @Test
  void trainingLeavesNoArraysBehindInTheModelsManager() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MergedLinearAttention model = new MergedLinearAttention(3, 4, manager, 2);
      NDArray prompts = manager.randomNormal(new Shape(6, 5, 3));
      NDArray labels = manager.randomNormal(new Shape(6));
      try (Adam adam = new Adam(model.parameters(), 0.01, 0.1, manager)) {
        QueryRegression.train(model, prompts, labels, adam, 2, epoch -> {});
        int before = manager.getManagedArrays().size();
        QueryRegression.train(model, prompts, labels, adam, 20, epoch -> {});
        QueryRegression.predict(model, prompts);
        assertEquals(before, manager.getManagedArrays().size());
      }
    }
  }

  static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++)
      for (int j = 0; j < b[0].length; j++)
        for (int k = 0; k < b.length; k++) c[i][j] += a[i][k] * b[k][j];
    return c;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
    return t;
  }
}
