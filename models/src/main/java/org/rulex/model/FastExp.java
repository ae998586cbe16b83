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
   * (FastExpTest): 1e-13 absolute over [-700, 0]; relative, 1e-10 over [-20, 0] and 1.4e-6 over
   * [-100, 0], growing below that, where the values (under 4e-44) are float denormals or 0.
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
   * exp(min(x, 0)) from e = exp(-|x|), without a branch: 1 for x >= 0, e for x < 0. It is max(e,
   * min(1, 1 + x)), since 1 + x <= exp(x) for every x (so the max takes e when x < 0) and 1 + x >=
   * 1 when x >= 0.
   */
  static double belowZero(double e, double x) {
    return Math.max(e, Math.min(1, 1 + x));
  }

  /** exp(-max(x, 0)) from e = exp(-|x|), without a branch: e for x >= 0, 1 for x < 0 ({@link #belowZero} of -x). */
  static double aboveZero(double e, double x) {
    return Math.max(e, Math.min(1, 1 - x));
  }
}
