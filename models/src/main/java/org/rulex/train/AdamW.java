package org.rulex.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) over a model's parameters, with the moments held here rather than
 * in DJL's optimizer so that checkpoints can save them and a resumed run continues exactly where
 * it stopped. The update itself is libtorch's fused one (one native call a parameter, which also
 * zeroes the gradient); it adds eps to sqrt(v) before the bias correction, a negligible difference
 * from PyTorch's AdamW.
 */
final class AdamW implements AutoCloseable {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private final List<Parameter> parameters;
  private final Tracker schedule;
  private final float weightDecay;
  private final boolean decayEveryParameter;
  private final NDManager manager;
  private final NDArray[] means;
  private final NDArray[] variances;
  private int steps;

  AdamW(List<Parameter> parameters, Tracker schedule, float weightDecay, NDManager parent) {
    this(parameters, schedule, weightDecay, false, parent);
  }

  /** decayEveryParameter: biases and LayerNorm gains decay too, as torch.optim.AdamW does it. */
  AdamW(List<Parameter> parameters, Tracker schedule, float weightDecay, boolean decayEveryParameter, NDManager parent) {
    this.parameters = List.copyOf(parameters);
    this.schedule = schedule;
    this.weightDecay = weightDecay;
    this.decayEveryParameter = decayEveryParameter;
    this.manager = parent.newSubManager();
    means = new NDArray[parameters.size()];
    variances = new NDArray[parameters.size()];
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      means[i] = manager.zeros(w.getShape(), w.getDataType());
      variances[i] = manager.zeros(w.getShape(), w.getDataType());
    }
  }

  /** Optimiser steps taken: the schedule's position. */
  int steps() {
    return steps;
  }

  /**
   * One step: grads[i] is the gradient of parameters[i], multiplied by {@code gradScale} before
   * use (global-norm clipping).
   */
  void update(NDArray[] grads, float gradScale) {
    steps++;
    float lr = schedule.getNewValue(steps);
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    float lrCorrected = (float) (lr * Math.sqrt(correction2) / correction1);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      // Decay matrices and tables, not biases and LayerNorm gains (as nanoGPT does).
      float decay = decayEveryParameter || w.getShape().dimension() >= 2 ? weightDecay : 0f;
      w.getNDArrayInternal()
          .adamUpdate(
              new NDList(w, grads[i], means[i], variances[i]),
              new NDList(w),
              lr,
              lrCorrected,
              decay,
              gradScale,
              -1f, // no element-wise clipping
              BETA1,
              BETA2,
              EPS,
              true,
              true);
    }
  }

  /** The moments, means then variances, for a checkpoint. */
  byte[] encodeState() {
    NDList all = new NDList();
    for (NDArray m : means) all.add(m);
    for (NDArray v : variances) all.add(v);
    return all.encode();
  }

  /**
   * Restores moments and the step count saved by {@link #encodeState}.
   *
   * @throws IllegalArgumentException if they do not fit these parameters
   */
  void restore(byte[] state, int stepsDone) {
    NDList all = NDList.decode(manager, state);
    if (all.size() != 2 * parameters.size())
      throw new IllegalArgumentException("optimizer state has " + all.size() + " arrays, expected " + 2 * parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      NDArray m = all.get(i);
      NDArray v = all.get(parameters.size() + i);
      if (!m.getShape().equals(means[i].getShape()) || !v.getShape().equals(variances[i].getShape()))
        throw new IllegalArgumentException("optimizer state for parameter " + i + " has shape " + m.getShape());
      means[i].close();
      variances[i].close();
      means[i] = m;
      variances[i] = v;
    }
    steps = stepsDone;
  }

  @Override
  public void close() {
    manager.close();
  }
}
