package org.rulex.suite.diversity;

/**
 * The exact minimiser of the merged model's training loss: the spin glass's ground state at zero
 * temperature. The prediction is linear in W (prediction = s.W), so the loss mean_p (s_p.W - y_p)^2
 * + (wd / 2) |W|^2, whose gradient is what Adam with L2 weight decay wd follows, is quadratic, and
 * its minimiser solves (S^T S / P + wd / 2) W = S^T y / P. Without decay and with fewer prompts
 * than active couplings (D (D + 1): the column reading the query's label slot never acts) the
 * minimisers form a subspace; the one returned is then the minimum-norm one, S^T (S S^T)^-1 y, the
 * limit of vanishing decay.
 */
public final class GroundState {
  private GroundState() {}

  /** W (flattened like the features) minimising the loss over prompts with features s and labels y. */
  public static double[] solve(double[][] s, double[] y, double weightDecay) {
    int p = s.length, d = s[0].length;
    // Couplings no prompt's feature touches (those reading the query's label slot, always 0) get
    // no gradient; the minimum-norm choice is 0, so the system is solved over the others only.
    int[] active = activeCouplings(s);
    int a = active.length;
    double[] reduced;
    if (weightDecay == 0 && p < a) {
      double[][] gram = new double[p][p];
      for (int i = 0; i < p; i++)
        for (int j = 0; j <= i; j++) gram[i][j] = gram[j][i] = dot(s[i], s[j]);
      double[] alpha = Cholesky.solve(gram, y);
      reduced = new double[a];
      for (int i = 0; i < p; i++) for (int j = 0; j < a; j++) reduced[j] += alpha[i] * s[i][active[j]];
    } else {
      double[][] normal = new double[a][a];
      double[] right = new double[a];
      for (int k = 0; k < p; k++) {
        double[] row = s[k];
        for (int i = 0; i < a; i++) {
          double si = row[active[i]];
          right[i] += si * y[k] / p;
          for (int j = 0; j <= i; j++) normal[i][j] += si * row[active[j]];
        }
      }
      for (int i = 0; i < a; i++) {
        for (int j = 0; j <= i; j++) normal[j][i] = normal[i][j] = normal[i][j] / p;
        normal[i][i] += weightDecay / 2;
      }
      reduced = Cholesky.solve(normal, right);
    }
    double[] w = new double[d];
    for (int j = 0; j < a; j++) w[active[j]] = reduced[j];
    return w;
  }

  /** Indices of the features that are non-zero in at least one prompt. */
  private static int[] activeCouplings(double[][] s) {
    int d = s[0].length;
    boolean[] used = new boolean[d];
    for (double[] row : s) for (int j = 0; j < d; j++) used[j] |= row[j] != 0;
    int n = 0;
    for (boolean u : used) if (u) n++;
    int[] active = new int[n];
    for (int j = 0, at = 0; j < d; j++) if (used[j]) active[at++] = j;
    return active;
  }

  /** The predictions s.W of every prompt. */
  public static double[] predict(double[][] s, double[] w) {
    double[] out = new double[s.length];
    for (int p = 0; p < s.length; p++) out[p] = dot(s[p], w);
    return out;
  }

  /**
   * The cosine between the top-left D x D block of W ((D+1) x (D+1), row-major) and the identity:
   * trace / (Frobenius norm sqrt(D)). The paper's order parameter: 1 when the block is a multiple of
   * the identity, the form of one step of gradient descent on the context.
   */
  public static double identityCosine(double[] w, int dimension) {
    int width = dimension + 1;
    double trace = 0, squares = 0;
    for (int m = 0; m < dimension; m++)
      for (int n = 0; n < dimension; n++) {
        double v = w[m * width + n];
        squares += v * v;
        if (m == n) trace += v;
      }
    return trace / (Math.sqrt(squares) * Math.sqrt(dimension));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
