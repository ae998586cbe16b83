package org.rulex.sample;

/** Pearson's chi-square test: the p-value of observed counts against expected counts. */
public final class ChiSquare {
  private ChiSquare() {}

  public static double pValue(long[] observed, double[] expected) {
    double x = 0;
    int df = -1;
    for (int i = 0; i < observed.length; i++) {
      if (expected[i] <= 0) continue;
      double d = observed[i] - expected[i];
      x += d * d / expected[i];
      df++;
    }
    return upperGamma(df / 2.0, x / 2.0);
  }

  /** Regularised upper incomplete gamma Q(a, x) (Numerical Recipes: series below a + 1, continued fraction above). */
  static double upperGamma(double a, double x) {
    if (x <= 0) return 1;
    if (x < a + 1) {
      double sum = 1 / a, term = sum;
      for (int n = 1; n < 10_000; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
      }
      return 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }
    double b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < 1e-300) d = 1e-300;
      c = b + an / c;
      if (Math.abs(c) < 1e-300) c = 1e-300;
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) break;
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  static double logGamma(double x) {
    double[] c = {76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5};
    double y = x, t = x + 5.5;
    t -= (x + 0.5) * Math.log(t);
    double s = 1.000000000190015;
    for (double ci : c) s += ci / ++y;
    return -t + Math.log(2.5066282746310005 * s / x);
  }
}
