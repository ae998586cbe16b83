package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * The linear baseline: next-token logits are a linear function of the one-hot codes of the last
 * {@code window} tokens, logits_t = b + sum over k < window of W_k[x_(t-k)]. Honestly causal:
 * position t reads tokens t, t-1, ..., t-window+1 only (slots before the start read PAD). W_k is
 * a [V, V] table per offset, stored stacked as one [window * V, V] table. B = batch, T = tokens,
 * W = window, V = vocabulary.
 */
public final class WindowLinear extends TrainableModel {

  /** The number of tokens (the current one included) the prediction may read. */
  public record Config(int window) implements ModelConfig {
    public static final Config DEFAULTS = new Config(8);

    public Config {
      Checks.positive("linear", "window", window);
    }

    @Override
    public String architecture() {
      return "linear";
    }

    /** A weight a (window position, symbol, next symbol), counted for an alphabet of up to 64 symbols. */
    @Override
    public double parameterEstimate() {
      return (double) window * 64 * 64;
    }
  }

  private final Config config;
  private final Parameter weights; // [W * V, V]: row k * V + id is W_k[id]
  private final Parameter bias; // [V]

  public WindowLinear(Config config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
    weights = parameter("weights", Parameter.Type.WEIGHT, SMALL_NORMAL, (long) config.window() * vocabularySize, vocabularySize);
    bias = parameter("bias", Parameter.Type.BIAS, ZEROS, vocabularySize);
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  protected NDArray computeLogits(NDArray ids, boolean training) {
    NDManager m = ids.getManager();
    long b = ids.getShape().get(0);
    long t = ids.getShape().get(1);
    NDList rows = new NDList(config.window());
    for (int k = 0; k < config.window(); k++) {
      // shifted[:, t] = ids[:, t - k], PAD where t - k < 0: [B, T]
      NDArray shifted;
      if (k == 0) shifted = ids;
      else if (k >= t) shifted = m.zeros(new Shape(b, t), DataType.INT64);
      else shifted = m.zeros(new Shape(b, k), DataType.INT64).concat(ids.get(new NDIndex(":, :{}", t - k)), 1);
      rows.add(shifted.add((long) k * vocabularySize()));
    }
    NDArray index = NDArrays.stack(rows, 2); // [B, T, W]
    return lookup(index, weights).sum(new int[] {2}).add(bias.getArray()); // [B, T, V]
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new Window(manager, batch);
  }

  /** The last W tokens, newest first: [B, W], PAD before the start. */
  private final class Window extends IncrementalState {
    private NDArray recent;

    Window(NDManager manager, int batch) {
      super(manager, batch);
      recent = this.manager.zeros(new Shape(batch, config.window()), DataType.INT64);
    }

    @Override
    NDArray advance(NDArray ids, int position) {
      NDArray older = recent.get(new NDIndex(":, :{}", config.window() - 1)); // [B, W-1]
      recent = keep(ids.concat(older, 1), recent); // [B, W]
      NDArray offsets = ids.getManager().arange(0, config.window(), 1, DataType.INT64).mul((long) vocabularySize());
      return lookup(recent.add(offsets), weights).sum(new int[] {1}).add(bias.getArray()); // [B, V]
    }
  }
}
