package org.rulex.suite.diversity;

import java.util.List;
import org.rulex.UserError;

/**
 * C1, in-context linear regression as in the spin-glass paper: merged linear attention trained by
 * full-batch Adam on P tasks, one prompt a task, and tested on fresh tasks.
 *
 * @param dimension D, the dimension of x and w
 * @param contextLength N, labelled examples in a prompt before the query
 * @param taskCounts the numbers of pretraining tasks P swept
 * @param learningRate Adam's learning rate
 * @param epochs full-batch steps
 * @param weightDecay Adam's L2 weight decay (torch.optim.Adam's convention: wd W added to the
 *     gradient); the exact minimiser minimises the same objective, and with 0 below the
 *     interpolation threshold it is the minimum-norm minimiser (the limit of vanishing decay)
 * @param testTasks fresh tasks the test error is measured on
 */
public record RegressionSpec(
    int dimension, int contextLength, List<Integer> taskCounts, double learningRate, int epochs, double weightDecay, int testTasks) {

  public RegressionSpec {
    if (dimension < 1) throw new UserError("regression: dimension must be at least 1, not " + dimension);
    if (contextLength < 1) throw new UserError("regression: contextLength must be at least 1, not " + contextLength);
    if (taskCounts.isEmpty()) throw new UserError("regression: taskCounts is empty");
    for (int p : taskCounts) if (p < 1) throw new UserError("regression: task counts must be at least 1, not " + p);
    if (!(learningRate > 0) || Double.isInfinite(learningRate))
      throw new UserError("regression: learningRate must be positive, not " + learningRate);
    if (epochs < 1) throw new UserError("regression: epochs must be at least 1, not " + epochs);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
      throw new UserError("regression: weightDecay must be at least 0, not " + weightDecay);
    if (testTasks < 1) throw new UserError("regression: testTasks must be at least 1, not " + testTasks);
    taskCounts = List.copyOf(taskCounts);
  }

  /** D + 1: the width of a prompt's column [x; y]. */
  public int width() {
    return dimension + 1;
  }
}
