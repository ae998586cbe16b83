package org.rulex.model;

import java.util.Arrays;
import org.rulex.grammar.Vocabulary;

/**
 * The baseline that ends every word at once: EOS is (all but) certain at every position, so every
 * completion is the empty word. What it scores is a property of the prompt sets (how many
 * prompts already satisfy a rule), the floor a model must beat. Nothing to train.
 */
public final class StopAtOnce extends FixedDistribution<StopAtOnce.Config> {

  /** The stop-at-once baseline has no sizes. */
  public record Config() implements ModelConfig {
    public static final Config DEFAULTS = new Config();

    @Override
    public String architecture() {
      return "stop-at-once";
    }
  }

  public StopAtOnce(Config config, int vocabularySize) {
    super(config, vocabularySize);
  }

  @Override
  float[] logitsRow() {
    // Finite logits keep the test loss finite (about 30 nats a symbol): it reports how far the
    // baseline is from the language, not an overflow.
    float[] row = new float[vocabularySize()];
    Arrays.fill(row, -30f);
    row[Vocabulary.PAD] = NEGATIVE;
    row[Vocabulary.SOS] = NEGATIVE;
    row[Vocabulary.EOS] = 0f;
    return row;
  }
}
