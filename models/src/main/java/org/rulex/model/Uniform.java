package org.rulex.model;

import org.rulex.grammar.Vocabulary;

/**
 * The chance level: every alphabet symbol and EOS equally likely at every position, whatever came
 * before; PAD and SOS get a large negative logit. Nothing to train.
 */
public final class Uniform extends FixedDistribution<Uniform.Config> {

  /** The uniform baseline has no sizes. */
  public record Config() implements ModelConfig {
    public static final Config DEFAULTS = new Config();

    @Override
    public String architecture() {
      return "uniform";
    }
  }

  public Uniform(Config config, int vocabularySize) {
    super(config, vocabularySize);
  }

  @Override
  float[] logitsRow() {
    float[] row = new float[vocabularySize()];
    row[Vocabulary.PAD] = NEGATIVE;
    row[Vocabulary.SOS] = NEGATIVE;
    return row;
  }
}
