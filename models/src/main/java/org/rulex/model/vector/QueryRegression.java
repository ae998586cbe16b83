package org.rulex.model.vector;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.IntConsumer;

/**
 * In-context regression with a {@link VectorSequenceModel}: the prediction for a prompt is the
 * last entry of the output at the last position (the query's label slot), the loss is the mean
 * squared error against the query's true label, and training is full-batch Adam (every prompt in
 * every step, as the spin-glass experiments do).
 */
public final class QueryRegression {
  private QueryRegression() {}

  /**
   * Prompts as one array: {@code values} holds count prompts of length x width, row-major
   * (prompt, position, component), in float32 [count, length, width].
   */
  public static NDArray prompts(NDManager manager, double[] values, int count, int length, int width) {
    if (values.length != (long) count * length * width)
      throw new IllegalArgumentException(values.length + " values do not make " + count + " x " + length + " x " + width);
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
    return manager.create(f, new Shape(count, length, width));
  }

  /** The model's predictions for prompts [P, T, E], as doubles. */
  public static double[] predict(VectorSequenceModel model, NDArray prompts) {
    try (NDManager scratch = prompts.getManager().newSubManager()) {
      NDArray x = prompts.duplicate();
      x.attach(scratch);
      float[] f = readout(model.forward(x, false)).toFloatArray();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) d[i] = f[i];
      return d;
    }
  }

  /** Mean squared error of predictions against labels. */
  public static double meanSquaredError(double[] predictions, double[] labels) {
    if (predictions.length != labels.length || labels.length == 0)
      throw new IllegalArgumentException(predictions.length + " predictions for " + labels.length + " labels");
    double s = 0;
    for (int i = 0; i < labels.length; i++) s += (predictions[i] - labels[i]) * (predictions[i] - labels[i]);
    return s / labels.length;
  }

  /**
   * Trains for {@code epochs} full-batch steps on prompts [P, T, E] and labels [P] and returns the
   * training loss (mean squared error) before each step; {@code progress} hears each finished epoch.
   */
  public static double[] train(
      VectorSequenceModel model, NDArray prompts, NDArray labels, Adam adam, int epochs, IntConsumer progress) {
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      try (NDManager step = prompts.getManager().newSubManager()) {
        NDArray x = prompts.duplicate();
        x.attach(step);
        NDArray y = labels.duplicate();
        y.attach(step);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray error = readout(model.forward(x, true)).sub(y);
          NDArray loss = error.mul(error).mean();
          collector.backward(loss);
          losses[epoch] = loss.getFloat();
        }
        adam.update(step);
      }
      progress.accept(epoch + 1);
    }
    return losses;
  }

  /** output [B, T, E'] -> [B]: the last component at the last position. */
  private static NDArray readout(NDArray output) {
    return output.get(":, -1, -1");
  }
}
