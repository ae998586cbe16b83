package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.rulex.UserError;
import org.rulex.json.FormerKey;

/**
 * A causal transformer with kernelised (linear) attention (Katharopoulos et al. 2020): softmax(q
 * k^T) v is replaced by phi(q) S_t / (phi(q) . z_t) with phi(x) = elu(x) + 1, S_t = sum over s <= t
 * of phi(k_s) v_s^T and z_t = sum over s <= t of phi(k_s). Training takes prefix sums over T;
 * decoding keeps S and z as a constant-size state. Otherwise as {@link Transformer}.
 */
public final class LinearAttentionTransformer extends TrainableModel {

  /** Sizes of a linear-attention transformer; init (null: small) is how the weights start (see {@link Initialisation}). */
  public record Config(
      int layers, int dModel, int heads, int ffWidth, double dropout, PositionEncoding positions, @FormerKey("maxLength") int maxPositions,
      Initialisation init)
      implements ModelConfig {
    public static final Config DEFAULTS = new Config(2, 64, 4, 256, 0.1, PositionEncoding.LEARNED, 512);

    /** The default initialisation. */
    public Config(int layers, int dModel, int heads, int ffWidth, double dropout, PositionEncoding positions, int maxPositions) {
      this(layers, dModel, heads, ffWidth, dropout, positions, maxPositions, null);
    }

    public Config {
      Checks.positive("linear-attention", "layers", layers);
      Checks.positive("linear-attention", "dModel", dModel);
      Checks.positive("linear-attention", "heads", heads);
      Checks.positive("linear-attention", "ffWidth", ffWidth);
      Checks.positive("linear-attention", "maxPositions", maxPositions);
      Checks.probability("linear-attention", "dropout", dropout);
      if (dModel % heads != 0)
        throw new UserError("linear-attention: dModel " + dModel + " is not divisible by heads " + heads);
      // Rotary rotates softmax attention's queries and keys; the kernelised attention does not take it.
      if (positions == null || positions == PositionEncoding.ROTARY)
        throw new UserError("linear-attention: positions must be learned or sinusoidal");
    }

    @Override
    public String architecture() {
      return "linear-attention";
    }

    @Override
    public double parameterEstimate() {
      double d = dModel;
      return layers * (4 * d * d + 2 * d * ffWidth + 4 * d + ffWidth + 4 * d) + (double) maxPositions * d;
    }
  }

  /** Keeps the denominator away from 0. */
  private static final float EPS = 1e-6f;

  private final Config config;
  private final Parameter tokens; // [V, D]
  private final Positions positions;
  private final List<KernelLayer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Dense head;

  public LinearAttentionTransformer(Config config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
    int d = config.dModel();
    Initialisation init = Initialisation.orDefault(config.init());
    tokens = parameter("tokens", Parameter.Type.WEIGHT, init.table(), vocabularySize, d);
    positions = addChildBlock("positions", new Positions(config.positions(), config.maxPositions(), d, init));
    for (int i = 0; i < config.layers(); i++)
      layers.add(addChildBlock("layer" + i, new KernelLayer(d, config.heads(), config.ffWidth(), config.dropout(), init)));
    finalNorm = addChildBlock("finalNorm", new LayerNorm(d));
    head = addChildBlock("head", new Dense(d, vocabularySize, true, init));
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public int positionCount() {
    return config.maxPositions();
  }

  @Override
  protected NDArray computeLogits(NDArray ids, boolean training) {
    int t = Math.toIntExact(ids.getShape().get(1));
    NDArray x = lookup(ids, tokens).add(positions.at(ids.getManager(), 0, t)); // [B, T, D]
    x = dropout(x, config.dropout(), training);
    for (KernelLayer layer : layers) x = layer.apply(x, null, training); // causal by construction
    return head.apply(finalNorm.apply(x)); // [B, T, V]
  }

  /** The feature map phi(x) = elu(x) + 1 > 0. */
  private static NDArray phi(NDArray x) {
    return Activation.elu(x, 1f).add(1f);
  }

  /** A pre-LN block whose attention is kernelised; the rest is the transformer's. */
  private static final class KernelLayer extends Transformer.DecoderLayer {
    KernelLayer(int d, int heads, int ffWidth, double dropout, Initialisation init) {
      super(d, heads, ffWidth, dropout, init);
    }

    /** h [B, T, D] -> phi(q), phi(k), v [B, H, T, Dh]: phi over q and k at once, one op each way instead of two. */
    @Override
    NDArray[] projectQkv(NDArray h) {
      NDArray projected = qkv.apply(h); // [B, T, 3D]
      long d = projected.getShape().get(2) / 3;
      NDList parts = projected.split(new long[] {2 * d}, 2); // q and k [B, T, 2D], v [B, T, D]
      NDList qk = phi(parts.get(0)).split(2, 2);
      return new NDArray[] {heads(qk.get(0)), heads(qk.get(1)), heads(parts.get(1))};
    }

    /**
     * phi(q), phi(k), v [B, H, T, Dh] -> [B, H, T, Dh]; position t sees keys and values at s <= t
     * only. phi(q_t) S_t and phi(q_t) . z_t are taken as one masked product A = (phi(q) phi(k)^T) *
     * causal, A v and the row sums of A: [B, H, T, T] instead of prefix sums [B, H, T, Dh, Dh],
     * which for one head of 64 at T = 64 made a training step 4 to 15 times slower.
     */
    @Override
    NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, boolean training) {
      int t = Math.toIntExact(q.getShape().get(2));
      NDArray a = q.matMul(k.transpose(0, 1, 3, 2)).mul(lowerTriangle(q.getManager(), t)); // [B, H, T, T]
      NDArray num = a.matMul(v); // [B, H, T, Dh]
      NDArray den = a.sum(new int[] {3}, true).add(EPS); // [B, H, T, 1]
      return num.div(den);
    }

    /** Ones where key s <= query t, zeros above: [T, T]. */
    private static NDArray lowerTriangle(NDManager m, int t) {
      float[] ones = new float[t * t];
      for (int i = 0; i < t; i++) for (int j = 0; j <= i; j++) ones[i * t + j] = 1;
      return m.create(ones, new Shape(t, t));
    }
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new RunningSums(manager, batch);
  }

  /**
   * Per layer, S [B, H, Dh, Dh] ({@link MatrixMemory}) and z [B, H, Dh] over the tokens fed so
   * far, updated in place, in Java, where phi, z, the denominator and the division run too: from
   * the projection [B, 3D] to the attention's output [B, D], one copy out of libtorch and one back
   * instead of some fifteen small ops. A step works on [B, D] (one token a row): the linear layers
   * then take libtorch's fused matrix-plus-bias product, where [B, 1, D] went through the general
   * batched one.
   */
  private final class RunningSums extends IncrementalState {
    private final MatrixMemory[] s = new MatrixMemory[layers.size()];
    private final float[][] z = new float[layers.size()][]; // [B, H, Dh]
    private final double[] exponents, exps; // [B, D] scratch for phi

    RunningSums(NDManager manager, int batch) {
      super(manager, batch);
      int d = config.dModel(), dh = d / config.heads();
      for (int i = 0; i < layers.size(); i++) {
        s[i] = new MatrixMemory(batch * config.heads(), dh, dh);
        z[i] = new float[batch * d];
      }
      exponents = new double[batch * d];
      exps = new double[batch * d];
    }

    @Override
    NDArray advance(NDArray ids, int position) {
      int d = config.dModel(), h = config.heads(), dh = d / h;
      NDArray x = lookup(ids, tokens).reshape(batch, d).add(positions.at(ids.getManager(), position, 1)); // [B, D]
      float[] q = new float[batch * d], k = new float[batch * d], v = new float[batch * d], out = new float[batch * d];
      for (int i = 0; i < layers.size(); i++) {
        KernelLayer layer = layers.get(i);
        float[] qkv = layer.qkv.apply(layer.norm1.apply(x)).toFloatArray(); // [B, 3D]: q, k, v of each sequence
        for (int b = 0; b < batch; b++) {
          System.arraycopy(qkv, 3 * b * d, q, b * d, d);
          System.arraycopy(qkv, 3 * b * d + d, k, b * d, d);
          System.arraycopy(qkv, 3 * b * d + 2 * d, v, b * d, d);
        }
        phi(q);
        phi(k);
        float[] read = s[i].step(null, null, k, v, q); // S += phi(k) v^T; phi(q) S: [B H, Dh]
        float[] zi = z[i];
        for (int j = 0; j < zi.length; j++) zi[j] += k[j]; // z += phi(k)
        for (int pair = 0; pair < batch * h; pair++) {
          float den = 0;
          for (int e = 0; e < dh; e++) den += q[pair * dh + e] * zi[pair * dh + e];
          den += EPS;
          for (int e = 0; e < dh; e++) out[pair * dh + e] = read[pair * dh + e] / den;
        }
        x = layer.finishMerged(x, x.getManager().create(out, new Shape(batch, d)), false);
      }
      return head.apply(finalNorm.apply(x)); // [B, V]
    }

    /** phi(x) = elu(x) + 1 in place: x + 1 above 0, exp(x) at or below. */
    private void phi(float[] x) {
      for (int j = 0; j < x.length; j++) exponents[j] = Math.min(x[j], 0);
      FastExp.exps(exponents, exps);
      for (int j = 0; j < x.length; j++) x[j] = x[j] > 0 ? x[j] + 1 : (float) exps[j];
    }
  }
}
