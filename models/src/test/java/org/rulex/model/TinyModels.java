package org.rulex.model;

import java.util.List;

/** Small configurations of every architecture, fast enough for unit tests. */
public final class TinyModels {
  private TinyModels() {}

  /** Vocabulary size used with these configs: PAD, SOS, EOS, a, b. */
  public static final int VOCAB = 5;

  public static Transformer.Config transformer(double dropout) {
    return new Transformer.Config(2, 16, 2, 32, dropout, PositionEncoding.LEARNED, 64);
  }

  /**
   * The architectures with a factored input (see InputEmbedding), sized for {@link #VOCAB}: its
   * two symbols are the composite ids, one feature of size 1 and one of size 2 (or the reverse).
   */
  public static List<ModelConfig> factored() {
    return List.of(
        new Transformer.Config(2, 16, 2, 32, 0, PositionEncoding.LEARNED, 64, List.of(1, 2), null),
        new Lstm.Config(2, 8, 16, 0, List.of(2, 1), 1.0));
  }

  public static List<ModelConfig> all() {
    return List.of(
        transformer(0),
        new Transformer.Config(2, 16, 4, 24, 0, PositionEncoding.SINUSOIDAL, 64),
        new Transformer.Config(2, 16, 2, 24, 0, PositionEncoding.ROTARY, 64),
        // The published aNbN block: post-LN, ReLU, eps 6e-3, scaled embeddings, PyTorch's initialisation.
        new Transformer.Config(2, 16, 2, 24, 0, PositionEncoding.SINUSOIDAL, 64, null, null, Initialisation.PYTORCH,
            Transformer.Norm.POST, Transformer.Nonlinearity.RELU, 6e-3, true),
        new Lstm.Config(2, 8, 16, 0),
        new LinearAttentionTransformer.Config(2, 16, 2, 32, 0, PositionEncoding.LEARNED, 64),
        new LinearAttentionTransformer.Config(1, 8, 1, 16, 0, PositionEncoding.SINUSOIDAL, 64),
        new Mamba.Config(2, 8, 4, 3, 2),
        new Xlstm.Config(3, 8, 2, java.util.List.of(1), 3, 1.3),
        new WindowLinear.Config(3),
        new Uniform.Config());
  }

  /**
   * The contract cases of one architecture of the zoo: its tiny configurations, or the zoo's
   * defaults when {@link #all()} has none, so that a newly registered architecture is tested
   * without a line here.
   */
  public static List<ModelConfig> of(String architecture) {
    List<ModelConfig> tiny = all().stream().filter(c -> c.architecture().equals(architecture)).toList();
    return tiny.isEmpty() ? List.of(ModelZoo.defaults(architecture)) : tiny;
  }

  /**
   * Every weight of {@code model} drawn from N(0, std²) with a fixed seed (Box-Muller): predictions
   * far from uniform, so that a hand computation on the model tells options apart.
   */
  public static <M extends TrainableModel> M randomised(M model, long seed, double std) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : model.getParameters()) {
      ai.djl.ndarray.NDArray a = p.getValue().getArray();
      float[] v = new float[Math.toIntExact(a.size())];
      for (int i = 0; i < v.length; i++) v[i] = (float) (std * Math.sqrt(-2 * Math.log1p(-rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble()));
      a.set(v);
    }
    return model;
  }
}
