package org.rulex.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import org.rulex.SequenceLength;
import org.rulex.UserError;
import org.rulex.json.FormerKey;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;

/**
 * How to train: written to and read from JSON, recorded in every model card.
 *
 * @param steps optimiser steps (upper bound: early stopping may end sooner)
 * @param batchSize sequences per step
 * @param learningRate peak AdamW learning rate, reached at the end of the warm-up
 * @param weightDecay AdamW decoupled weight decay, applied to weight matrices and tables only
 * @param warmupSteps linear warm-up, then decay as 1/sqrt(step); 0 for a constant rate
 * @param clipNorm clip the global gradient norm to this value; 0 for no clipping
 * @param validateEvery validation loss every this many steps (and at the last step)
 * @param patience stop after this many validations without a new best; 0 never stops early
 * @param seed weights, data order and dropout all follow from it
 * @param sequenceLength longest sequence, SOS and EOS included: words may have sequenceLength - 2 symbols
 * @param padInLoss null or false: the loss is the mean over real targets (PAD is no target); true:
 *     the mean over every position of the padded batch, PAD targets included, as a plain
 *     nn.CrossEntropyLoss without ignore_index computes it
 * @param optimizer null: {@link Optimizer#ADAMW}
 */
public record TrainConfig(
    int steps,
    int batchSize,
    double learningRate,
    double weightDecay,
    int warmupSteps,
    double clipNorm,
    int validateEvery,
    int patience,
    long seed,
    @FormerKey("maxLength") int sequenceLength,
    Boolean padInLoss,
    Optimizer optimizer) {

  /**
   * The update rule. adamw: decoupled weight decay on weight matrices and tables only (nanoGPT's
   * choice, rulex's default); adam: no weight decay (torch.optim.Adam at its default
   * weight_decay 0), whatever weightDecay says; torch-adamw: decoupled decay on every parameter,
   * biases and LayerNorm gains included, as torch.optim.AdamW applies it.
   */
  public enum Optimizer {
    @com.google.gson.annotations.SerializedName("adamw")
    ADAMW,
    @com.google.gson.annotations.SerializedName("adam")
    ADAM,
    @com.google.gson.annotations.SerializedName("torch-adamw")
    TORCH_ADAMW
  }

  /** Settings with the loss over real targets and rulex's AdamW. */
  public TrainConfig(int steps, int batchSize, double learningRate, double weightDecay, int warmupSteps, double clipNorm, int validateEvery,
      int patience, long seed, int sequenceLength) {
    this(steps, batchSize, learningRate, weightDecay, warmupSteps, clipNorm, validateEvery, patience, seed, sequenceLength, null, null);
  }

  public static final TrainConfig DEFAULTS = new TrainConfig(2000, 64, 1e-3, 0.01, 100, 1.0, 100, 10, 0, 258);

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  public TrainConfig {
    // 0 steps would save an untrained model as if it were trained: nothing asks for that.
    if (steps < 1) throw new UserError("training: steps must be at least 1, not " + steps);
    if (batchSize < 1) throw new UserError("training: batchSize must be at least 1, not " + batchSize);
    if (!(learningRate > 0) || Double.isInfinite(learningRate))
      throw new UserError("training: learningRate must be positive, not " + learningRate);
    if (!(weightDecay >= 0)) throw new UserError("training: weightDecay must be at least 0, not " + weightDecay);
    if (warmupSteps < 0) throw new UserError("training: warmupSteps must be at least 0, not " + warmupSteps);
    if (!(clipNorm >= 0)) throw new UserError("training: clipNorm must be at least 0, not " + clipNorm);
    if (validateEvery < 1) throw new UserError("training: validateEvery must be at least 1, not " + validateEvery);
    if (patience < 0) throw new UserError("training: patience must be at least 0, not " + patience);
    if (sequenceLength < SequenceLength.MARKERS) throw new UserError("training: sequenceLength must be at least " + SequenceLength.MARKERS + " (SOS and EOS), not " + sequenceLength);
  }

  /** The same settings with another number of steps. */
  public TrainConfig withSteps(int newSteps) {
    return new TrainConfig(newSteps, batchSize, learningRate, weightDecay, warmupSteps, clipNorm, validateEvery, patience, seed, sequenceLength, padInLoss, optimizer);
  }

  /** The same settings with another seed. */
  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(steps, batchSize, learningRate, weightDecay, warmupSteps, clipNorm, validateEvery, patience, newSeed, sequenceLength, padInLoss, optimizer);
  }

  /** Whether PAD targets count in the training loss. */
  public boolean padTargetsInLoss() {
    return Boolean.TRUE.equals(padInLoss);
  }

  /** The update rule, the default when not given. */
  public Optimizer optimizerOrDefault() {
    return optimizer == null ? Optimizer.ADAMW : optimizer;
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  /** Reads settings from JSON text; fields left out keep their {@link #DEFAULTS}. */
  public static TrainConfig fromJson(String json) {
    return fromJson(StrictJson.parse(json, "training configuration"));
  }

  /** Reads settings embedded in another document (no positions: errors name the JSON path). */
  public static TrainConfig fromJson(JsonObject json) {
    return fromJson(StrictJson.fromGson(json, "training configuration"));
  }

  /**
   * Reads settings strictly from a located tree; fields left out keep their {@link #DEFAULTS}.
   *
   * @throws UserError for an unknown field, a value of the wrong type (16.7 steps) or out of range
   */
  public static TrainConfig fromJson(JsonNode json) {
    return StrictJson.bind(json, TrainConfig.class, DEFAULTS);
  }
}
