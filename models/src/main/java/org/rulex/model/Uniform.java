package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.rulex.grammar.Vocabulary;

/**
 * The chance level: every alphabet symbol and EOS equally likely at every position, whatever came
 * before; PAD and SOS get a large negative logit. Nothing to train.
 */
public final class Uniform extends TrainableModel {

  /** The uniform baseline has no sizes. */
  public record Config() implements ModelConfig {
    public static final Config DEFAULTS = new Config();

    @Override
    public String architecture() {
      return "uniform";
    }
  }

  private final Config config;

  public Uniform(Config config, int vocabularySize) {
    super(vocabularySize);
    this.config = config;
  }

  @Override
  public Config config() {
    return config;
  }

  /** The logits of one position: [V]. */
  private NDArray row(NDManager m) {
    float[] row = new float[vocabularySize()];
    row[Vocabulary.PAD] = NEGATIVE;
    row[Vocabulary.SOS] = NEGATIVE;
    return m.create(row);
  }

  @Override
  protected NDArray computeLogits(NDArray ids, boolean training) {
    Shape s = ids.getShape();
    return row(ids.getManager()).broadcast(new Shape(s.get(0), s.get(1), vocabularySize())); // [B, T, V]
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new IncrementalState(manager, batch) {
      @Override
      NDArray advance(NDArray ids, int position) {
        return row(ids.getManager()).broadcast(new Shape(batch, vocabularySize())); // [B, V]
      }
    };
  }
}
