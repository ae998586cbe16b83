package org.rulex.suite.diversity;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.rulex.UserError;
import org.rulex.json.FieldError;

/**
 * C1, in-context linear regression as in the spin-glass paper: merged linear attention trained by
 * full-batch Adam on P tasks, one prompt a task, and tested on fresh tasks. P runs over multiples
 * of D^2 for each D, so that curves of several D can be laid over each other on P / D^2.
 *
 * @param dimensions the values of D, the dimension of x and w
 * @param contextLength N, labelled examples in a prompt before the query
 * @param taskRatios the swept P / D^2; P = round(ratio D^2)
 * @param seeds the seeds of C1 (its own: C1 is cheap, so it affords more seeds than C2)
 * @param near [low, high]: the ratios near the transition. Every seed runs them; the others are
 *     run by the first {@code seedsAway} seeds only (seeds are cut far from the threshold, not near
 *     it). The exact minimiser is also solved at every whole P in this range, to locate its peak.
 * @param seedsAway how many of the seeds run the ratios outside {@code near}
 * @param learningRate Adam's learning rate
 * @param epochs full-batch steps
 * @param weightDecay Adam's L2 weight decay (torch.optim.Adam's convention: wd W added to the
 *     gradient); the exact minimiser minimises the same objective, and with 0 below the
 *     interpolation threshold it is the minimum-norm minimiser (the limit of vanishing decay)
 * @param testTasks fresh tasks the test error is measured on
 */
public record RegressionSpec(
    List<Integer> dimensions,
    int contextLength,
    List<Double> taskRatios,
    List<Long> seeds,
    List<Double> near,
    int seedsAway,
    double learningRate,
    int epochs,
    double weightDecay,
    int testTasks) {

  public RegressionSpec {
    if (dimensions.isEmpty()) throw new FieldError("dimensions", "regression: dimensions is empty");
    for (int d : dimensions) if (d < 1) throw new FieldError("dimensions", "regression: dimensions must be at least 1, not " + d);
    if (dimensions.stream().distinct().count() != dimensions.size()) throw new FieldError("dimensions", "regression: dimensions repeat: " + dimensions);
    if (contextLength < 1) throw new FieldError("contextLength", "regression: contextLength must be at least 1, not " + contextLength);
    if (taskRatios.isEmpty()) throw new FieldError("taskRatios", "regression: taskRatios is empty");
    for (double r : taskRatios)
      if (!(r > 0) || Double.isInfinite(r)) throw new FieldError("taskRatios", "regression: task ratios must be positive, not " + r);
    if (seeds.isEmpty()) throw new FieldError("seeds", "regression: seeds is empty");
    if (seeds.stream().distinct().count() != seeds.size()) throw new FieldError("seeds", "regression: seeds repeat: " + seeds);
    for (long s : seeds) if (s < 0) throw new FieldError("seeds", "regression: seeds must be at least 0, not " + s);
    if (near.size() != 2 || !(near.get(0) > 0) || !(near.get(1) >= near.get(0)) || Double.isInfinite(near.get(1)))
      throw new FieldError("near", "regression: near must be [low, high] with 0 < low <= high, not " + near);
    if (seedsAway < 1 || seedsAway > seeds.size())
      throw new FieldError("seedsAway", "regression: seedsAway must be between 1 and the number of seeds (" + seeds.size() + "), not " + seedsAway);
    if (!(learningRate > 0) || Double.isInfinite(learningRate))
      throw new FieldError("learningRate", "regression: learningRate must be positive, not " + learningRate);
    if (epochs < 1) throw new FieldError("epochs", "regression: epochs must be at least 1, not " + epochs);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
      throw new FieldError("weightDecay", "regression: weightDecay must be at least 0, not " + weightDecay);
    if (testTasks < 1) throw new FieldError("testTasks", "regression: testTasks must be at least 1, not " + testTasks);
    dimensions = List.copyOf(dimensions);
    taskRatios = List.copyOf(new TreeSet<>(taskRatios));
    seeds = List.copyOf(seeds);
    near = List.copyOf(near);
  }

  /** D + 1: the width of a prompt's column [x; y]. */
  public static int width(int dimension) {
    return dimension + 1;
  }

  /** P for a ratio: round(ratio D^2), at least 1. */
  public static int tasks(double ratio, int dimension) {
    return (int) Math.max(1, Math.round(ratio * dimension * dimension));
  }

  /** Whether a ratio lies in the near range, where every seed runs. */
  public boolean isNear(double ratio) {
    return ratio >= near.get(0) && ratio <= near.get(1);
  }

  /** Whether a seed runs the ratios away from the threshold: it is one of the first seedsAway seeds. */
  public boolean runsAway(long seed) {
    return seeds.indexOf(seed) < seedsAway;
  }

  /** The ratios a seed runs, in increasing order. */
  public List<Double> ratios(long seed) {
    List<Double> out = new ArrayList<>();
    for (double r : taskRatios) if (isNear(r) || runsAway(seed)) out.add(r);
    return out;
  }

  /** The whole P of the near range for a dimension, where the exact minimiser is solved besides the grid. */
  public List<Integer> exactCurveTasks(int dimension) {
    int d2 = dimension * dimension;
    int from = (int) Math.ceil(near.get(0) * d2 - 1e-9), to = (int) Math.floor(near.get(1) * d2 + 1e-9);
    List<Integer> out = new ArrayList<>();
    for (int p = Math.max(1, from); p <= to; p++) out.add(p);
    return out;
  }
}
