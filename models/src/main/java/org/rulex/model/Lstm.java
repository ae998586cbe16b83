package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import java.util.List;

/**
 * A stacked LSTM language model: token embedding, LSTM layers (libtorch's fused kernel), linear
 * head. B = batch, T = tokens, E = embedding, H = hidden, L = layers, V = vocabulary.
 */
public final class Lstm extends TrainableModel {

  /**
   * Sizes of an LSTM; dropout applies to the embeddings, between layers and before the head. The
   * input (see {@link InputEmbedding}): factors (null: a plain token table) makes the last ids
   * composite stimuli embedded as a sum of feature rows; inputStd (null: 0.02) is the initial
   * scale of the input tables. init (null: small) is how the embedding and the head start (see
   * {@link Initialisation}; the recurrent weights always start as PyTorch's do).
   */
  public record Config(int layers, int embedding, int hidden, double dropout, List<Integer> factors, Double inputStd,
      Initialisation init) implements ModelConfig {
    public static final Config DEFAULTS = new Config(2, 64, 64, 0.0);

    /** An LSTM with a plain token table. */
    public Config(int layers, int embedding, int hidden, double dropout) {
      this(layers, embedding, hidden, dropout, null, null, null);
    }

    /** An LSTM with factored or scaled input and the default initialisation. */
    public Config(int layers, int embedding, int hidden, double dropout, List<Integer> factors, Double inputStd) {
      this(layers, embedding, hidden, dropout, factors, inputStd, null);
    }

    public Config {
      Checks.positive("lstm", "layers", layers);
      Checks.positive("lstm", "embedding", embedding);
      Checks.positive("lstm", "hidden", hidden);
      Checks.probability("lstm", "dropout", dropout);
      factors = InputEmbedding.check("lstm", factors);
      inputStd = InputEmbedding.checkStd("lstm", inputStd);
    }

    @Override
    public String architecture() {
      return "lstm";
    }

    @Override
    public double parameterEstimate() {
      double h = hidden;
      return 4 * h * (embedding + h + 2) + (layers - 1) * 4 * h * (2 * h + 2) + h * embedding;
    }
  }

  private final Config config;
  private final InputEmbedding tokens; // ids -> [.., E]
  private final Parameter[] recurrent; // per layer: W_ih [4H, in], W_hh [4H, H], b_ih [4H], b_hh [4H]
  private final Dense head;

  public Lstm(Config config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
    int h = config.hidden();
    Initialisation start = Initialisation.orDefault(config.init());
    tokens = new InputEmbedding(this, config.factors(), start.inputStd(config.inputStd()), vocabularySize, config.embedding());
    // PyTorch's LSTM initialisation: U(-1/sqrt(H), 1/sqrt(H)) for every weight and bias.
    UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(h)));
    recurrent = new Parameter[4 * config.layers()];
    for (int l = 0; l < config.layers(); l++) {
      int in = l == 0 ? config.embedding() : h;
      recurrent[4 * l] = parameter("w_ih" + l, Parameter.Type.WEIGHT, init, 4L * h, in);
      recurrent[4 * l + 1] = parameter("w_hh" + l, Parameter.Type.WEIGHT, init, 4L * h, h);
      recurrent[4 * l + 2] = parameter("b_ih" + l, Parameter.Type.BIAS, init, 4L * h);
      recurrent[4 * l + 3] = parameter("b_hh" + l, Parameter.Type.BIAS, init, 4L * h);
    }
    head = addChildBlock("head", new Dense(h, vocabularySize, true, start));
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  protected NDArray computeLogits(NDArray ids, boolean training) {
    NDManager m = ids.getManager();
    Shape state = new Shape(config.layers(), ids.getShape().get(0), config.hidden()); // [L, B, H]
    NDArray x = dropout(tokens.apply(ids), config.dropout(), training); // [B, T, E]
    NDArray out = run(x, m.zeros(state), m.zeros(state), training).get(0); // [B, T, H]
    return head.apply(dropout(out, config.dropout(), training)); // [B, T, V]
  }

  /** x [B, T, E] and state h, c [L, B, H] -> (output [B, T, H], h', c'). */
  private NDList run(NDArray x, NDArray h, NDArray c, boolean training) {
    NDList weights = new NDList(recurrent.length);
    for (Parameter p : recurrent) weights.add(p.getArray());
    return x.getNDArrayInternal()
        .lstm(x, new NDList(h, c), weights, true, config.layers(), training ? config.dropout() : 0, training, false, true);
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new RecurrentState(manager, batch);
  }

  /** The hidden and cell states after the tokens fed so far: [L, B, H] each. */
  private final class RecurrentState extends IncrementalState {
    private NDArray h;
    private NDArray c;

    RecurrentState(NDManager manager, int batch) {
      super(manager, batch);
      Shape state = new Shape(config.layers(), batch, config.hidden());
      h = this.manager.zeros(state);
      c = this.manager.zeros(state);
    }

    @Override
    NDArray advance(NDArray ids, int position) {
      NDList out = run(tokens.apply(ids), h, c, false); // [B, 1, H], [L, B, H], [L, B, H]
      h = keep(out.get(1), h);
      c = keep(out.get(2), c);
      return head.apply(out.get(0)).squeeze(1); // [B, V]
    }
  }
}
