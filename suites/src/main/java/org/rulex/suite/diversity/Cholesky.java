package org.rulex.suite.diversity;

/** Solves A x = b for a symmetric positive definite A by Cholesky factorisation, in double. */
final class Cholesky {
  private Cholesky() {}

  /** x with A x = b; A is read, not changed. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
        if (i == j) {
          if (!(sum > 0)) throw new ArithmeticException("the matrix is not positive definite (pivot " + sum + " at " + i + ")");
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = b[i];
      for (int k = 0; k < i; k++) sum -= l[i][k] * z[k];
      z[i] = sum / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = z[i];
      for (int k = i + 1; k < n; k++) sum -= l[k][i] * x[k];
      x[i] = sum / l[i][i];
    }
    return x;
  }
}
