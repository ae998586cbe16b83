package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import com.google.gson.annotations.SerializedName;
import org.rulex.UserError;
import org.rulex.json.FormerKey;

/**
 * A GPT-style causal transformer: token and position embeddings, pre-LN blocks of masked
 * multi-head self-attention and a GELU MLP, a final LayerNorm and a linear head. With rotary
 * positions nothing is added to the embeddings: queries and keys are rotated in every layer. B =
 * batch, T = tokens, D = dModel, H = heads, Dh = D / H, V = vocabulary.
 *
 * <p>Options reproduce PyTorch's nn.TransformerEncoder as published setups used it: post-LN
 * blocks, ReLU, another LayerNorm epsilon, token embeddings scaled by sqrt(D). Left out, each keeps
 * the GPT-style default above.
 */
public final class Transformer extends TrainableModel {

  /**
   * Sizes of a transformer. The input (see {@link InputEmbedding}): factors (null: a plain token
   * table) makes the last ids composite stimuli embedded as a sum of feature rows; inputStd (null:
   * 0.02) is the initial scale of the input tables. init (null: small) is how the weights start
   * (see {@link Initialisation}); inputStd, when given, overrides its scale for the input tables.
   * norm (null: pre) places the LayerNorms (see {@link Norm}); activation (null: gelu) is the MLP's
   * nonlinearity; layerNormEps (null: 1e-5) every LayerNorm's epsilon; scaleEmbedding (null:
   * false) multiplies the token vectors by sqrt(dModel) before the positions are added.
   */
  public record Config(
      int layers, int dModel, int heads, int ffWidth, double dropout, PositionEncoding positions, @FormerKey("maxLength") int maxPositions,
      List<Integer> factors, Double inputStd, Initialisation init, Norm norm, Nonlinearity activation, Double layerNormEps,
      Boolean scaleEmbedding)
      implements ModelConfig {
    public static final Config DEFAULTS = new Config(2, 64, 4, 256, 0.1, PositionEncoding.LEARNED, 512);

    /** A transformer with a plain token table. */
    public Config(int layers, int dModel, int heads, int ffWidth, double dropout, PositionEncoding positions, int maxPositions) {
      this(layers, dModel, heads, ffWidth, dropout, positions, maxPositions, null, null, null);
    }

    /** A transformer with the GPT-style block (pre-LN, GELU, eps 1e-5, unscaled embeddings). */
    public Config(int layers, int dModel, int heads, int ffWidth, double dropout, PositionEncoding positions, int maxPositions,
        List<Integer> factors, Double inputStd, Initialisation init) {
      this(layers, dModel, heads, ffWidth, dropout, positions, maxPositions, factors, inputStd, init, null, null, null, null);
    }

    /** A transformer with factored or scaled input and the default initialisation. */
    public Config(int layers, int dModel, int heads, int ffWidth, double dropout, PositionEncoding positions, int maxPositions,
        List<Integer> factors, Double inputStd) {
      this(layers, dModel, heads, ffWidth, dropout, positions, maxPositions, factors, inputStd, null);
    }

    public Config {
      Checks.positive("transformer", "layers", layers);
      Checks.positive("transformer", "dModel", dModel);
      Checks.positive("transformer", "heads", heads);
      Checks.positive("transformer", "ffWidth", ffWidth);
      Checks.positive("transformer", "maxPositions", maxPositions);
      Checks.probability("transformer", "dropout", dropout);
      if (dModel % heads != 0)
        throw new UserError("transformer: dModel " + dModel + " is not divisible by heads " + heads);
      if (positions == null) throw new UserError("transformer: positions must be learned, sinusoidal or rotary");
      if (positions == PositionEncoding.ROTARY && (dModel / heads) % 2 != 0)
        throw new UserError("transformer: rotary positions rotate pairs, so dModel / heads must be even, not " + dModel / heads);
      factors = InputEmbedding.check("transformer", factors);
      inputStd = InputEmbedding.checkStd("transformer", inputStd);
      if (layerNormEps != null && !(layerNormEps > 0 && layerNormEps < 1))
        throw new UserError("transformer: layerNormEps must be in (0, 1) (or be left out for 1e-5), not " + layerNormEps);
    }

    /** Whether the blocks are post-LN (PyTorch's nn.TransformerEncoderLayer with norm_first False). */
    boolean postNorm() {
      return norm == Norm.POST;
    }

    double eps() {
      return layerNormEps == null ? LayerNorm.DEFAULT_EPS : layerNormEps;
    }

    @Override
    public String architecture() {
      return "transformer";
    }

    @Override
    public double parameterEstimate() {
      double d = dModel;
      return layers * (4 * d * d + 2 * d * ffWidth + 4 * d + ffWidth + 4 * d) + (double) maxPositions * d;
    }
  }

  /**
   * Where the LayerNorms sit. pre: x + f(LN(x)) in each sub-block and a final LayerNorm before the
   * head (GPT-2). post: LN(x + f(x)) and no final LayerNorm, with dropout also after the MLP's
   * activation: PyTorch's nn.TransformerEncoderLayer (norm_first False) in an nn.TransformerEncoder
   * without a norm, as published code built its decoder.
   */
  public enum Norm {
    @SerializedName("pre")
    PRE,
    @SerializedName("post")
    POST
  }

  /** The MLP's nonlinearity: GELU (GPT-2, the exact erf form) or ReLU (PyTorch's encoder-layer default). */
  public enum Nonlinearity {
    @SerializedName("gelu")
    GELU,
    @SerializedName("relu")
    RELU
  }

  private final Config config;
  private final InputEmbedding tokens; // ids -> [.., D]
  private final Positions positions;
  private final List<DecoderLayer> layers = new ArrayList<>();
  private final LayerNorm finalNorm; // null for post-LN blocks, which end normalised
  private final double embeddingScale;
  private final Dense head;

  public Transformer(Config config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
    int d = config.dModel();
    Initialisation init = Initialisation.orDefault(config.init());
    tokens = new InputEmbedding(this, config.factors(), init.inputStd(config.inputStd()), vocabularySize, d);
    positions = addChildBlock("positions", new Positions(config.positions(), config.maxPositions(), d, init));
    for (int i = 0; i < config.layers(); i++)
      layers.add(addChildBlock("layer" + i, new DecoderLayer(d, config.heads(), config.ffWidth(), config.dropout(), init, config)));
    finalNorm = config.postNorm() ? null : addChildBlock("finalNorm", new LayerNorm(d, config.eps()));
    embeddingScale = Boolean.TRUE.equals(config.scaleEmbedding()) ? Math.sqrt(d) : 1;
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
    return forward(ids, training, null);
  }

  /**
   * The attention weights of every layer for ids int64 [B, T], as in evaluation: per layer [B, H,
   * T, T], row t the softmax over keys 0..t (exact zeros above the diagonal after rounding). The
   * arrays belong to the manager of ids.
   */
  public List<NDArray> attentionWeights(NDArray ids) {
    List<NDArray> weights = new ArrayList<>();
    forward(ids, false, weights);
    return weights;
  }

  /**
   * An intervention on one head at evaluation time, to test causally what the head does.
   * ZERO removes the head's output before the output projection (the projection's bias stays);
   * UNIFORM replaces its attention weights by uniform weights over the keys it may see, 0..t, so
   * that it passes on the mean of those values: what it carries about where to look is gone,
   * what the values carry stays.
   */
  public record HeadAblation(int layer, int head, Kind kind) {
    public enum Kind { ZERO, UNIFORM }

    public HeadAblation {
      if (layer < 0 || head < 0) throw new IllegalArgumentException("layer and head count from 0, not " + layer + ", " + head);
      java.util.Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * Logits [B, T, V] for ids int64 [B, T] as in evaluation, with the heads named ablated; the
   * attention weights each layer used (after the ablation) go to {@code weights} unless it is null.
   */
  public NDArray ablatedLogits(NDArray ids, List<HeadAblation> ablations, List<NDArray> weights) {
    for (HeadAblation a : ablations)
      if (a.layer() >= layers.size() || a.head() >= config.heads())
        throw new IllegalArgumentException("no head " + a.head() + " in layer " + a.layer() + " of a " + layers.size() + "-layer, "
            + config.heads() + "-head transformer");
    return forward(ids, false, weights, ablations);
  }

  /** Logits [B, T, V]; each layer's attention weights [B, H, T, T] go to {@code weights} unless it is null. */
  private NDArray forward(NDArray ids, boolean training, List<NDArray> weights) {
    return forward(ids, training, weights, List.of());
  }

  /** The same with heads ablated (see {@link HeadAblation}). */
  private NDArray forward(NDArray ids, boolean training, List<NDArray> weights, List<HeadAblation> ablations) {
    NDManager m = ids.getManager();
    int t = Math.toIntExact(ids.getShape().get(1));
    NDArray x = embed(ids).add(positions.at(m, 0, t)); // [B, T, D]
    x = dropout(x, config.dropout(), training);
    NDArray mask = causalMask(m, t); // [T, T]
    for (int i = 0; i < layers.size(); i++) {
      DecoderLayer layer = layers.get(i);
      NDArray[] qkv = layer.projectQkv(layer.attentionInput(x)); // [B, H, T, Dh] each
      NDArray w = layer.weights(positions.rotate(qkv[0], 0), positions.rotate(qkv[1], 0), mask); // [B, H, T, T]
      float[] keep = heads(i, ablations, HeadAblation.Kind.UNIFORM);
      if (keep != null) { // w kept on the other heads, uniform over keys 0..t on these
        NDArray k = m.create(keep, new Shape(1, keep.length, 1, 1));
        w = w.mul(k).add(uniformCausal(m, t).mul(k.neg().add(1)));
      }
      if (weights != null) weights.add(w);
      NDArray y = layer.mix(w, qkv[2], training); // [B, H, T, Dh]
      float[] live = heads(i, ablations, HeadAblation.Kind.ZERO);
      if (live != null) y = y.mul(m.create(live, new Shape(1, live.length, 1, 1)));
      x = layer.finish(x, y, training);
    }
    return head.apply(normalisedOutput(x)); // [B, T, V]
  }

  /** Token vectors, scaled by sqrt(D) when the config asks. */
  private NDArray embed(NDArray ids) {
    NDArray e = tokens.apply(ids);
    return embeddingScale == 1 ? e : e.mul((float) embeddingScale);
  }

  /** What the head reads: the last block's output through the final LayerNorm (pre-LN), or as it is (post-LN). */
  private NDArray normalisedOutput(NDArray x) {
    return finalNorm == null ? x : finalNorm.apply(x);
  }

  /** Per head of layer i, 0 for a head ablated by kind and 1 for the others; null when none is. */
  private float[] heads(int layer, List<HeadAblation> ablations, HeadAblation.Kind kind) {
    float[] out = null;
    for (HeadAblation a : ablations) {
      if (a.layer() != layer || a.kind() != kind) continue;
      if (out == null) { out = new float[config.heads()]; java.util.Arrays.fill(out, 1); }
      out[a.head()] = 0;
    }
    return out;
  }

  /** Uniform causal attention [T, T]: row t holds 1/(t+1) on keys 0..t and 0 above. */
  static NDArray uniformCausal(NDManager m, int t) {
    float[] u = new float[t * t];
    for (int q = 0; q < t; q++) for (int k = 0; k <= q; k++) u[q * t + k] = 1f / (q + 1);
    return m.create(u, new Shape(t, t));
  }

  /** Additive mask: 0 where key position <= query position, a large negative number above. */
  static NDArray causalMask(NDManager m, int t) {
    float[] mask = new float[t * t];
    for (int q = 0; q < t; q++) for (int k = q + 1; k < t; k++) mask[q * t + k] = NEGATIVE;
    return m.create(mask, new Shape(t, t));
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new KvCache(manager, batch);
  }

  /**
   * Keys and values of every layer for the tokens fed so far, in buffers that double when full:
   * each step writes one position in place instead of concatenating (a copy of the whole cache
   * every step). Keys are kept transposed, [B, H, Dh, capacity], values as [B, H, capacity, Dh]:
   * the two products of a step then read the buffers as they lie (a transposed key slice made
   * libtorch copy it, 1.7 times the time at 64 tokens). With one token a step, [B, D] is [B, H,
   * 1, Dh] without a transpose, so a step works on [B, D] throughout.
   *
   * <p>A step attends over the whole buffer, the positions not yet written masked out, rather than
   * over a slice of the positions so far. Measured with libtorch 2.7.1 on one thread at B = 256, H
   * = 4, Dh = 16: a batched product over fewer than 25 positions takes libtorch's unblocked loop
   * (50 us at 8 positions, 150 us at 24, against 44 us at 25 and 72 us at 64 on its BLAS path),
   * and a softmax over 8 positions took 99 us against 24 us over 32. The masked positions get
   * weight exactly 0 (their scores lie 1e9 below the others), and their values are zeros, so they
   * add nothing.
   */
  private final class KvCache extends IncrementalState {
    private static final int FIRST_CAPACITY = 32;

    private final NDArray[] keys = new NDArray[layers.size()];
    private final NDArray[] keyColumns = new NDArray[layers.size()]; // the same buffers seen as [B, D, capacity], to write into
    private final NDArray[] values = new NDArray[layers.size()];
    private final NDArray queryScale; // 1/sqrt(Dh), the factor a full pass scales queries by
    private final NDArray positionRows; // [maxPositions, D]: what a full pass adds at each position, looked up once
    private int capacity;

    KvCache(NDManager manager, int batch) {
      super(manager, batch);
      queryScale = this.manager.create((float) (1 / Math.sqrt(config.dModel() / config.heads())));
      positionRows = positions.at(this.manager, 0, config.maxPositions());
    }

    @Override
    NDArray advance(NDArray ids, int position) {
      if (position == capacity) grow(Math.min(Math.max(FIRST_CAPACITY, 2 * capacity), config.maxPositions()));
      int d = config.dModel(), h = config.heads(), dh = d / h;
      NDManager m = ids.getManager();
      NDArray x = embed(ids).reshape(batch, d).add(positionRows.get(position)); // [B, D]
      float[] unwritten = new float[capacity];
      java.util.Arrays.fill(unwritten, position + 1, capacity, NEGATIVE);
      NDArray mask = m.create(unwritten); // [capacity], broadcast over [B, H, 1, capacity]
      // Built, not parsed from a string: the parse took a measurable share of a step.
      NDIndex newestKey = new NDIndex().addAllDim(2).addIndices(position); // [B, D, capacity] at one position
      NDIndex newestValue = new NDIndex().addAllDim(2).addIndices(position).addAllDim(); // [B, H, capacity, Dh] at one position
      for (int i = 0; i < layers.size(); i++) {
        DecoderLayer layer = layers.get(i);
        NDList qkv = layer.qkv.apply(layer.attentionInput(x)).split(3, 1); // q, k, v [B, D]
        NDArray q = positions.rotate(qkv.get(0).reshape(batch, h, 1, dh), position); // [B, H, 1, Dh]
        NDArray k = qkv.get(1); // [B, D]; cached rotated: a key's angle is its own position's
        // Only rotary positions rotate; asking only then spares the other kinds two reshapes a layer and step.
        if (config.positions() == PositionEncoding.ROTARY) k = positions.rotate(k.reshape(batch, h, 1, dh), position).reshape(batch, d);
        keyColumns[i].set(newestKey, k);
        values[i].set(newestValue, qkv.get(2).reshape(batch, h, dh));
        NDArray scores = q.mul(queryScale).matMul(keys[i]).add(mask); // [B, H, 1, capacity]
        NDArray y = scores.softmax(-1).matMul(values[i]); // [B, H, 1, Dh]
        x = layer.finishMerged(x, y.reshape(batch, d), false);
      }
      return head.apply(normalisedOutput(x)); // [B, V]
    }

    private void grow(int newCapacity) {
      long dh = config.dModel() / config.heads();
      for (int i = 0; i < layers.size(); i++) {
        NDArray k = manager.zeros(new Shape(batch, config.heads(), dh, newCapacity));
        NDArray v = manager.zeros(new Shape(batch, config.heads(), newCapacity, dh));
        if (capacity > 0) {
          k.set(new NDIndex(":, :, :, :{}", capacity), keys[i]);
          v.set(new NDIndex(":, :, :{}, :", capacity), values[i]);
        }
        keys[i] = keep(k, keys[i]);
        if (keyColumns[i] != null) keyColumns[i].close(); // a view: closing it leaves the buffer
        keyColumns[i] = keep(k.reshape(batch, config.dModel(), newCapacity), null);
        values[i] = keep(v, values[i]);
      }
      capacity = newCapacity;
    }
  }

  /** One block: pre-LN, x + attention(LN(x)), then x + MLP(LN(x)); or post-LN (see {@link Norm}). */
  static class DecoderLayer extends Layer {
    final LayerNorm norm1;
    final Dense qkv;
    private final Dense proj;
    private final LayerNorm norm2;
    private final Dense fc1;
    private final Dense fc2;
    private final int heads;
    final double dropout;
    private final boolean post;
    private final boolean relu;

    /** A GPT-style block: pre-LN, GELU, eps 1e-5. */
    DecoderLayer(int d, int heads, int ffWidth, double dropout, Initialisation init) {
      this(d, heads, ffWidth, dropout, init, null);
    }

    /** config: the block's norm placement, activation and epsilon (null: the GPT-style block). */
    DecoderLayer(int d, int heads, int ffWidth, double dropout, Initialisation init, Config config) {
      this.heads = heads;
      this.dropout = dropout;
      this.post = config != null && config.postNorm();
      this.relu = config != null && config.activation() == Nonlinearity.RELU;
      double eps = config == null ? LayerNorm.DEFAULT_EPS : config.eps();
      norm1 = addChildBlock("norm1", new LayerNorm(d, eps));
      qkv = addChildBlock("qkv", new Dense(d, 3L * d, true, init));
      proj = addChildBlock("proj", new Dense(d, d, true, init));
      norm2 = addChildBlock("norm2", new LayerNorm(d, eps));
      fc1 = addChildBlock("fc1", new Dense(d, ffWidth, true, init));
      fc2 = addChildBlock("fc2", new Dense(ffWidth, d, true, init));
    }

    /** What attention projects: LN(x) before a pre-LN block, x itself in a post-LN one. */
    final NDArray attentionInput(NDArray x) {
      return post ? x : norm1.apply(x);
    }

    /** x [B, T, D] -> [B, T, D]. */
    final NDArray apply(NDArray x, NDArray mask, boolean training) {
      NDArray[] qkv = projectQkv(attentionInput(x));
      return finish(x, attend(qkv[0], qkv[1], qkv[2], mask, training), training);
    }

    /** h [B, T, D] -> q, k, v [B, H, T, Dh] ({@link #attend}'s inputs; a kernelised layer maps q and k here). */
    NDArray[] projectQkv(NDArray h) {
      NDList parts = qkv.apply(h).split(3, 2); // 3 x [B, T, D]
      NDArray[] out = new NDArray[3];
      for (int i = 0; i < 3; i++) out[i] = heads(parts.get(i));
      return out;
    }

    /** [B, T, D] -> [B, H, T, Dh]. */
    final NDArray heads(NDArray x) {
      Shape s = x.getShape();
      return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /** Scaled dot-product attention: q [B, H, Tq, Dh], k and v [B, H, Tk, Dh] -> [B, H, Tq, Dh]. */
    NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, boolean training) {
      return mix(weights(q, k, mask), v, training);
    }

    /** Attention weights: q [B, H, Tq, Dh], k [B, H, Tk, Dh] -> softmax over keys [B, H, Tq, Tk]. */
    final NDArray weights(NDArray q, NDArray k, NDArray mask) {
      long dh = q.getShape().get(3);
      // Scaling q rather than the scores: T times fewer multiplications, forward and backward.
      NDArray scores = scale(q, 1 / Math.sqrt(dh)).matMul(k.transpose(0, 1, 3, 2)); // [B, H, Tq, Tk]
      if (mask != null) scores = scores.add(mask);
      return scores.softmax(-1);
    }

    /** The values mixed by the weights w [B, H, Tq, Tk]: v [B, H, Tk, Dh] -> [B, H, Tq, Dh]. */
    final NDArray mix(NDArray w, NDArray v, boolean training) {
      return dropout(w, dropout, training).matMul(v);
    }

    /** Merges the heads' outputs y [B, H, T, Dh], then the residual and the MLP: -> [B, T, D]. */
    final NDArray finish(NDArray x, NDArray y, boolean training) {
      Shape s = y.getShape();
      return finishMerged(x, y.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3)), training);
    }

    /** The residual and the MLP after attention, heads already merged: x and merged [..., D] -> [..., D]. */
    final NDArray finishMerged(NDArray x, NDArray merged, boolean training) {
      if (post) {
        // PyTorch's _sa_block and _ff_block: dropout after the projection, after the activation and after fc2.
        x = norm1.apply(x.add(dropout(proj.apply(merged), dropout, training)));
        NDArray h = fc2.apply(dropout(activate(fc1.apply(x)), dropout, training));
        return norm2.apply(x.add(dropout(h, dropout, training)));
      }
      x = x.add(dropout(proj.apply(merged), dropout, training));
      NDArray h = fc2.apply(activate(fc1.apply(norm2.apply(x))));
      return x.add(dropout(h, dropout, training));
    }

    private NDArray activate(NDArray h) {
      return relu ? Activation.relu(h) : Activation.gelu(h);
    }
  }
}
