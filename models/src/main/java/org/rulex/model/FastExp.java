package org.rulex.model;

/**
 * exp and log1p as straight-line arithmetic, which the JIT inlines into a loop and vectorises
 * (Math.exp and Math.log it calls one value at a time, and in the recurrences they took most of
 * the time). Both are in double; their errors are far below a float's.
 */
final class FastExp {
  private FastExp() {}

  /**
   * exp(x) for x at most 0: exp(x / 1024) by its Taylor polynomial to degree 5, squared ten times;
   * below -700 the result is exp(-700), which is 0 as a float. Largest errors against Math.exp
   * over x in [-400, 0]: 1e-13 absolute, 1.5e-7 relative (the relative error grows with |x|;
   * 1e-10 for |x| up to 20).
   */
  static double expNonPositive(double x) {
    double r = Math.max(x, -700) * (1.0 / 1024);
    double p = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120)))));
    p *= p; // exp(x / 512)
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p; // exp(x)
    return p;
  }

  /**
   * log(1 + e) for e in [0, 1]: 2 atanh(s) with s = e / (2 + e) in [0, 1/3], its series to s^25
   * (the first term left out is below 2e-13 of the result).
   */
  static double log1pUnit(double e) {
    double s = e / (2 + e), q = s * s;
    double p = 1.0 / 25;
    p = 1.0 / 23 + q * p;
    p = 1.0 / 21 + q * p;
    p = 1.0 / 19 + q * p;
    p = 1.0 / 17 + q * p;
    p = 1.0 / 15 + q * p;
    p = 1.0 / 13 + q * p;
    p = 1.0 / 11 + q * p;
    p = 1.0 / 9 + q * p;
    p = 1.0 / 7 + q * p;
    p = 1.0 / 5 + q * p;
    p = 1.0 / 3 + q * p;
    p = 1 + q * p;
    return 2 * s * p;
  }

  /** exp of every x (each at most 0), one loop: {@link #expNonPositive} twice in one loop body is more than the JIT unrolls, and it then stays scalar. */
  static void exps(double[] x, double[] out) {
    for (int i = 0; i < x.length; i++) out[i] = expNonPositive(x[i]);
  }

  /**
   * The exponents of sigmoid(s x) = exp(a) / (exp(a) + exp(b)) for each x: a = min(s x, 0) and b =
   * -max(s x, 0), both at most 0, so that neither exponential overflows.
   */
  static void sigmoidExponents(double[] x, double s, double[] a, double[] b) {
    for (int i = 0; i < x.length; i++) {
      double v = s * x[i];
      a[i] = Math.min(v, 0);
      b[i] = -Math.max(v, 0);
    }
  }
}
