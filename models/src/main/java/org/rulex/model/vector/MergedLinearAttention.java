package org.rulex.model.vector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One layer of linear attention with the query and key matrices merged into one W, as in Li, Bai
 * and Huang's spin-glass model of in-context learning (arXiv 2408.02288). With the prompt as the
 * matrix Z [E, T] (one column a position), the output is Z Z^T W Z / n; here positions are rows,
 * x = Z^T [B, T, E], so the output is x W^T (x^T x) / n, [B, T, E]. Every position attends to
 * every other (no causal mask): the query column is the last one and sees the whole prompt.
 *
 * <p>n is the number of context examples: the prompt has n + 1 positions, the last being the
 * query. (The authors' code divides by the number of columns, n + 1: a constant factor that W
 * absorbs, so the learned predictor and the cosine to the identity are the same either way.)
 */
public final class MergedLinearAttention implements VectorSequenceModel {
  private final int width;
  private final int contextLength;
  // W transposed, [E, E]: x.matMul(wT) is then an op called on the activation, whose result lands
  // in the activation's short-lived manager (an op called on W would leave one array a step in W's).
  private final NDArray wT;

  /**
   * A model for prompts of {@code contextLength} examples plus a query, each a vector of
   * {@code width}; W is drawn from N(0, 1/width) (the authors' initialisation) with {@code seed}.
   * W lives in {@code manager}.
   */
  public MergedLinearAttention(int width, int contextLength, NDManager manager, long seed) {
    if (width < 1) throw new IllegalArgumentException("width must be positive, not " + width);
    if (contextLength < 1) throw new IllegalArgumentException("contextLength must be positive, not " + contextLength);
    this.width = width;
    this.contextLength = contextLength;
    // Drawn in Java, not by the engine: the same seed gives the same W whatever ran before.
    SplittableRandom random = new SplittableRandom(seed);
    float[] transposed = new float[width * width];
    double std = 1 / Math.sqrt(width);
    for (int m = 0; m < width; m++)
      for (int n = 0; n < width; n++) transposed[n * width + m] = (float) (std * gaussian(random));
    wT = manager.create(transposed, new Shape(width, width));
    wT.setRequiresGradient(true);
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log1p(-random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Override
  public int inputWidth() {
    return width;
  }

  @Override
  public int outputWidth() {
    return width;
  }

  /** The merged matrix W as doubles, row-major: entry m * E + n is the paper's W_mn. */
  public double[] weightValues() {
    float[] f = wT.toFloatArray();
    double[] d = new double[f.length];
    for (int m = 0; m < width; m++) for (int n = 0; n < width; n++) d[m * width + n] = f[n * width + m];
    return d;
  }

  @Override
  public NDArray forward(NDArray x, boolean training) {
    if (x.getShape().dimension() != 3 || x.getShape().get(2) != width)
      throw new IllegalArgumentException("input must be [B, T, " + width + "], not " + x.getShape());
    NDArray gram = x.transpose(0, 2, 1).matMul(x); // [B, E, E] = Z Z^T
    NDArray projected = x.matMul(wT); // [B, T, E] = (W Z)^T
    NDArray out = projected.matMul(gram); // [B, T, E] = (Z Z^T W Z)^T, as Z Z^T is symmetric
    // The divisor lives in x's manager: a Number operand would be freed before the backward pass.
    return out.div(x.getManager().create((float) contextLength));
  }

  @Override
  public List<NDArray> parameters() {
    return List.of(wT);
  }
}
