package org.rulex.suite.diversity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where a curve steps from one level to another, fitted rather than read between two grid points:
 * y = a + b s((x - x0) / w), s the logistic function, by least squares over every point given (all
 * seeds pooled). For fixed (x0, w) the model is linear in (a, b), which are solved exactly; x0 and w
 * are found by a grid search refined around its best cell. x0 is the midpoint; b's sign says
 * whether the curve falls or rises. The interval comes from a bootstrap over seeds (whole seeds are
 * resampled with replacement and the fit redone), so it holds the spread between seeds.
 *
 * @param x0 the midpoint
 * @param width w, the step's width in x
 * @param low a, the level far left (b added on the right)
 * @param step b
 * @param points how many points were fitted
 */
public record TransitionFit(double x0, double width, double low, double step, int points) {

  /** The widths searched (in x units; x is a natural log of P/D^2 in the suite). */
  static final double MIN_WIDTH = 0.02, MAX_WIDTH = 2;

  /** The least-squares fit to the points (xs[i], ys[i]); NaN ys are left out. x0 is searched within [min x, max x]. */
  public static TransitionFit of(double[] xs, double[] ys) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) if (!Double.isNaN(ys[i]) && !Double.isNaN(xs[i])) pts.add(new double[] {xs[i], ys[i]});
    if (pts.size() < 4) return new TransitionFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, pts.size());
    double[] x = new double[pts.size()], y = new double[pts.size()];
    for (int i = 0; i < x.length; i++) { x[i] = pts.get(i)[0]; y[i] = pts.get(i)[1]; }
    double lo = Arrays.stream(x).min().getAsDouble(), hi = Arrays.stream(x).max().getAsDouble();
    if (!(hi > lo)) return new TransitionFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, x.length);
    double[] best = {Double.POSITIVE_INFINITY, Double.NaN, Double.NaN};
    // Coarse: 51 midpoints by 11 widths (log-spaced); then a grid ten times finer around the best cell, twice.
    search(x, y, lo, hi, 50, Math.log(MIN_WIDTH), Math.log(MAX_WIDTH), 10, best);
    for (int round = 0; round < 2; round++) {
      double dx = (hi - lo) / (round == 0 ? 50 : 500), dlw = (Math.log(MAX_WIDTH) - Math.log(MIN_WIDTH)) / (round == 0 ? 10 : 100);
      double cx = best[1], clw = Math.log(best[2]);
      search(x, y, Math.max(lo, cx - dx), Math.min(hi, cx + dx), 20, Math.max(Math.log(MIN_WIDTH), clw - dlw),
          Math.min(Math.log(MAX_WIDTH), clw + dlw), 20, best);
    }
    double[] ab = levels(x, y, best[1], best[2]);
    return new TransitionFit(best[1], best[2], ab[0], ab[1], x.length);
  }

  private static void search(double[] x, double[] y, double x0From, double x0To, int x0Steps, double lwFrom, double lwTo, int wSteps,
      double[] best) {
    for (int i = 0; i <= x0Steps; i++) {
      double x0 = x0From + (x0To - x0From) * i / x0Steps;
      for (int j = 0; j <= wSteps; j++) {
        double w = Math.exp(lwFrom + (lwTo - lwFrom) * j / wSteps);
        double[] ab = levels(x, y, x0, w);
        if (ab[2] < best[0]) { best[0] = ab[2]; best[1] = x0; best[2] = w; }
      }
    }
  }

  /** a, b and the residual sum of squares of the best line y = a + b s for fixed (x0, w). */
  private static double[] levels(double[] x, double[] y, double x0, double w) {
    int n = x.length;
    double ss = 0, sy = 0, sss = 0, ssy = 0;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = 1 / (1 + Math.exp(-(x[i] - x0) / w));
      ss += s[i]; sy += y[i]; sss += s[i] * s[i]; ssy += s[i] * y[i];
    }
    double det = n * sss - ss * ss;
    double b = Math.abs(det) < 1e-12 ? 0 : (n * ssy - ss * sy) / det;
    double a = (sy - b * ss) / n;
    double rss = 0;
    for (int i = 0; i < n; i++) { double r = y[i] - a - b * s[i]; rss += r * r; }
    return new double[] {a, b, rss};
  }

  /** The fitted curve at x. */
  public double at(double x) {
    return low + step / (1 + Math.exp(-(x - x0) / width));
  }

  /**
   * The midpoint fitted to bootstrap resamples of the seeds: {@code perSeed} holds each seed's
   * points as {xs, ys}; a resample draws as many seeds with replacement and pools their points.
   * Returns the resamples' midpoints (NaN where a fit failed), in draw order.
   */
  public static double[] bootstrap(List<double[][]> perSeed, int resamples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] out = new double[resamples];
    int n = perSeed.size();
    for (int r = 0; r < resamples; r++) {
      List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        double[][] one = perSeed.get(random.nextInt(n));
        for (int i = 0; i < one[0].length; i++) { xs.add(one[0][i]); ys.add(one[1][i]); }
      }
      out[r] = of(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray()).x0();
    }
    return out;
  }

  /** The q-quantile (0..1) of the finite values, linear between order statistics; NaN if there are none. */
  public static double quantile(double[] values, double q) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    double at = q * (v.length - 1);
    int i = (int) Math.floor(at);
    return i + 1 < v.length ? v[i] + (at - i) * (v[i + 1] - v[i]) : v[i];
  }
}
