package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.rulex.UserError;

/**
 * xLSTM (Beck et al. 2024): a token embedding, a stack of residual blocks, each an {@link
 * MLstmBlock} (matrix memory, covariance update, parallel in training) or an {@link SLstmBlock}
 * (scalar memory with recurrent weights, followed by a gated GELU feed-forward), a final LayerNorm
 * and a linear head. Both cells gate exponentially and keep a stabiliser state m so that exp never
 * overflows. B = batch, T = tokens, E = embedding, V = vocabulary.
 */
public final class Xlstm extends TrainableModel {

  /**
   * Sizes of an xLSTM; the defaults are the published ones.
   *
   * @param sLstmAt indices of the blocks that are sLSTM blocks (the others are mLSTM blocks)
   * @param convKernel taps of the causal convolutions in both block kinds
   * @param ffFactor feed-forward width of sLSTM blocks as a multiple of E, rounded up to a
   *     multiple of 64 as in the reference implementation
   */
  public record Config(int blocks, int embedding, int heads, List<Integer> sLstmAt, int convKernel, double ffFactor)
      implements ModelConfig {
    public static final Config DEFAULTS = new Config(6, 64, 4, List.of(1), 4, 1.3);

    public Config {
      Checks.positive("xlstm", "blocks", blocks);
      Checks.positive("xlstm", "embedding", embedding);
      Checks.positive("xlstm", "heads", heads);
      Checks.positive("xlstm", "convKernel", convKernel);
      if (embedding % heads != 0) throw new UserError("xlstm: embedding " + embedding + " is not divisible by heads " + heads);
      if (embedding % 2 != 0) throw new UserError("xlstm: embedding must be even (mLSTM blocks project to 2 x embedding in blocks of 4), not " + embedding);
      if (!(ffFactor > 0)) throw new UserError("xlstm: ffFactor must be positive, not " + ffFactor);
      if (sLstmAt == null) throw new UserError("xlstm: sLstmAt must be a list of block indices, [] for none");
      for (Integer i : sLstmAt)
        if (i == null || i < 0 || i >= blocks) throw new UserError("xlstm: sLstmAt index " + i + " is not a block (0.." + (blocks - 1) + ")");
      sLstmAt = List.copyOf(sLstmAt);
    }

    /** Feed-forward width: ffFactor x E rounded up to a multiple of 64. */
    int ffWidth() {
      return (int) Math.ceil(ffFactor * embedding / 64) * 64;
    }

    @Override
    public String architecture() {
      return "xlstm";
    }

    @Override
    public double parameterEstimate() {
      double e = embedding;
      return blocks * (16 * e * e + 3 * e * Math.ceil(ffFactor * e / 64) * 64 + e * (double) convKernel + 8 * e);
    }
  }

  private final Config config;
  private final Parameter tokens; // [V, E]
  private final List<Block> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Dense head;

  public Xlstm(Config config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
    int e = config.embedding();
    tokens = parameter("tokens", Parameter.Type.WEIGHT, SMALL_NORMAL, vocabularySize, e);
    for (int i = 0; i < config.blocks(); i++) {
      Block block = config.sLstmAt().contains(i)
          ? new SLstmBlock(e, config.heads(), config.convKernel(), config.ffWidth())
          : new MLstmBlock(e, config.heads(), config.convKernel());
      blocks.add(addChildBlock("block" + i, block));
    }
    finalNorm = addChildBlock("finalNorm", new LayerNorm(e));
    head = addChildBlock("head", new Dense(e, vocabularySize, false));
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  protected NDArray computeLogits(NDArray ids, boolean training) {
    NDArray x = lookup(ids, tokens); // [B, T, E]
    for (Block block : blocks) x = block.sequence(x, this);
    return head.apply(finalNorm.apply(x)); // [B, T, V]
  }

  /**
   * The step-by-step training form: each block's cell advanced one position at a time (the
   * recurrent form that decoding uses), the rest as in training. Kept as the reference the
   * training form is tested against (logits and gradients).
   */
  NDArray stepwiseLogits(NDArray ids) {
    NDArray x = lookup(ids, tokens);
    for (Block block : blocks) x = block.applyStepwise(x);
    return head.apply(finalNorm.apply(x));
  }

  /** What the block kinds share: a residual block over [B, T, E] with a recurrent state. */
  abstract static class Block extends Layer {
    /** The state before the first token. */
    abstract NDList initialState(NDManager m, long batch);

    /**
     * x [B, T, E] -> x' [B, T, E], followed by the state after these tokens when {@code state}
     * (the state after the earlier tokens) is given; null: a whole sequence from its start.
     */
    final NDList apply(NDArray x, NDList state) {
      return apply(x, state, false);
    }

    /**
     * A whole sequence from its start, x [B, T, E] -> [B, T, E], in the training form; a block
     * whose cell runs outside libtorch's autograd records its backward pass with {@code model}.
     */
    NDArray sequence(NDArray x, TrainableModel model) {
      return apply(x, null).get(0);
    }

    /** A whole sequence from its start, x [B, T, E] -> [B, T, E], its cell advanced one position at a time. */
    final NDArray applyStepwise(NDArray x) {
      return apply(x, null, true).get(0);
    }

    /** {@link #apply(NDArray, NDList)}; {@code stepwise}: the reference form, one position at a time. */
    abstract NDList apply(NDArray x, NDList state, boolean stepwise);

    /** Part of the decoding state held in Java, for {@link #decode} (null: none, all of it in the NDList). */
    MatrixMemory decodingMemory(int batch) {
      return null;
    }

    /** One decoding step: {@link #apply(NDArray, NDList)} with the block's {@link #decodingMemory}. */
    NDList decode(NDArray x, NDList state, MatrixMemory memory) {
      return apply(x, state);
    }
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new BlockStates(manager, batch);
  }

  /** Every block's recurrent state after the tokens fed so far. */
  private final class BlockStates extends IncrementalState {
    private final NDList[] states = new NDList[blocks.size()];
    private final MatrixMemory[] memories = new MatrixMemory[blocks.size()];

    BlockStates(NDManager manager, int batch) {
      super(manager, batch);
      for (int i = 0; i < blocks.size(); i++) {
        states[i] = blocks.get(i).initialState(this.manager, batch);
        memories[i] = blocks.get(i).decodingMemory(batch);
      }
    }

    @Override
    NDArray advance(NDArray ids, int position) {
      NDArray x = lookup(ids, tokens); // [B, 1, E]
      for (int i = 0; i < blocks.size(); i++) {
        NDList out = blocks.get(i).decode(x, states[i], memories[i]);
        x = out.get(0);
        NDList kept = new NDList(states[i].size());
        for (int j = 0; j < states[i].size(); j++) kept.add(keep(out.get(j + 1), states[i].get(j)));
        states[i] = kept;
      }
      return head.apply(finalNorm.apply(x)).squeeze(1); // [B, V]
    }
  }

  /**
   * A block-diagonal linear map without bias: the C input channels in G groups, each mapped by its
   * own matrix, [B, T, C] -> [B, T, G * out].
   */
  static final class HeadwiseLinear extends Layer {
    private final int groups;
    private final Parameter weight; // [G, C / G, out]

    HeadwiseLinear(int channels, int groups, int outPerGroup) {
      this.groups = groups;
      weight = parameter("weight", Parameter.Type.WEIGHT, SMALL_NORMAL, groups, channels / groups, outPerGroup);
    }

    NDArray apply(NDArray x) {
      Shape s = x.getShape();
      long b = s.get(0), t = s.get(1), c = s.get(2);
      // One dense product with the block-diagonal matrix: faster, forward and backward, than a
      // batched product over the groups with the transposes it needs, and the same sums, for the
      // zeros add nothing.
      return x.reshape(b * t, c).matMul(dense(x.getManager())).reshape(b, t, -1);
    }

    /** The map as a dense block-diagonal matrix [C, G out] (the weight times a 0/1 mask, so that gradients reach the weight's blocks only). */
    NDArray dense(NDManager manager) {
      NDArray w = weight.getArray(); // [G, C / G, out]
      NDArray mask = manager.eye(groups).reshape(groups, groups, 1, 1);
      // Begun with the mask, an array of this pass: an op's result belongs to its first operand's
      // manager, and a chain begun with the parameter would leave arrays in the model's every step.
      return mask.mul(w) // [G (h), G (g), C / G, out]: w's block g where h = g, else zeros
          .transpose(1, 2, 0, 3)
          .reshape(w.getShape().get(0) * w.getShape().get(1), -1); // [G, C / G, G, out] -> [C, G out]
    }

    /** {@link #apply} as a batched product over the groups: the reference form. */
    NDArray applyReference(NDArray x) {
      Shape s = x.getShape();
      long b = s.get(0), t = s.get(1);
      // [G, B T, C / G] x [G, C / G, out].
      NDArray grouped = x.reshape(b * t, groups, s.get(2) / groups).transpose(1, 0, 2);
      return grouped.matMul(weight.getArray()).transpose(1, 0, 2).reshape(b, t, -1);
    }
  }

  /** Layer normalisation within each head, then a per-channel gain: h [B, H, T, Dh] -> [B, T, H * Dh]. */
  static final class HeadNorm extends Layer {
    private static final float EPS = 1e-5f;
    private final Parameter gain; // [H * Dh]

    HeadNorm(int channels) {
      gain = parameter("gain", Parameter.Type.GAMMA, ONES, channels);
    }

    /** libtorch's fused layer norm (one op forward and one backward, against seven of each in {@link #applyReference}). */
    NDArray apply(NDArray h) {
      Shape s = h.getShape();
      NDManager m = h.getManager();
      NDArray normed = ai.djl.nn.norm.LayerNorm.layerNorm(h, new Shape(s.get(3)), m.ones(new Shape(s.get(3))), m.zeros(new Shape(s.get(3))), EPS)
          .singletonOrThrow();
      return normed.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3)).mul(gain.getArray());
    }

    /** {@link #apply} spelled out, the step-by-step forms' reference. */
    NDArray applyReference(NDArray h) {
      Shape s = h.getShape();
      NDArray centred = h.sub(h.mean(new int[] {3}, true));
      NDArray normed = centred.div(centred.square().mean(new int[] {3}, true).add(EPS).sqrt());
      return normed.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3)).mul(gain.getArray());
    }
  }

  /** log(sigmoid(x)) = -softplus(-x), without overflow. */
  static NDArray logSigmoid(NDArray x) {
    return ai.djl.nn.Activation.softPlus(x.neg()).neg();
  }
}
