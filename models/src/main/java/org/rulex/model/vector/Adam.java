package org.rulex.model.vector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Adam (Kingma and Ba) with L2 weight decay added to the gradient, as torch.optim.Adam does: the
 * optimiser the in-context regression experiments were run with. (rulex's token trainer uses AdamW,
 * whose decay is decoupled; with decay 0 the two coincide.) Moments live in their own sub-manager.
 */
public final class Adam implements AutoCloseable {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final List<NDArray> parameters;
  private final double learningRate;
  private final double weightDecay;
  private final NDManager manager;
  private final NDArray[] means;
  private final NDArray[] variances;
  private int steps;

  public Adam(List<NDArray> parameters, double learningRate, double weightDecay, NDManager parent) {
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, not " + learningRate);
    if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be at least 0, not " + weightDecay);
    this.parameters = List.copyOf(parameters);
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.manager = parent.newSubManager();
    means = new NDArray[this.parameters.size()];
    variances = new NDArray[this.parameters.size()];
    for (int i = 0; i < means.length; i++) {
      NDArray w = this.parameters.get(i);
      means[i] = manager.zeros(w.getShape(), w.getDataType());
      variances[i] = manager.zeros(w.getShape(), w.getDataType());
    }
  }

  /** Steps taken so far. */
  public int steps() {
    return steps;
  }

  /**
   * One update from the gradients the last backward pass left on the parameters, which are then
   * zeroed (libtorch accumulates them otherwise). Temporaries live in {@code step}.
   */
  public void update(NDManager step) {
    steps++;
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i);
      // Every temporary is made from an array already in `step`, so it lands there too.
      NDArray grad = w.getGradient(); // a handle on the stored gradient, made in w's manager
      grad.attach(step);
      NDArray g = grad.duplicate();
      if (weightDecay > 0) {
        NDArray decay = w.duplicate();
        decay.attach(step);
        g = g.addi(decay.muli(weightDecay));
      }
      means[i].muli(BETA1).addi(g.mul(1 - BETA1));
      variances[i].muli(BETA2).addi(g.square().muli(1 - BETA2));
      NDArray m = means[i].duplicate();
      m.attach(step);
      NDArray v = variances[i].duplicate();
      v.attach(step);
      w.subi(m.muli(learningRate / correction1).divi(v.divi(correction2).sqrt().addi(EPS)));
      grad.muli(0); // zero the stored gradient in place for the next backward pass
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
