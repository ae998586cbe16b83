package org.rulex.result;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.rulex.score.PromptSetScore;
import org.rulex.score.TokenMetrics;

/**
 * The result of one benchmark cell, (language, model, seed): what was run, on what data, with
 * which code, and what came out. Serialised by {@link Results} as versioned JSON
 * ({@value #SCHEMA}); one file per cell.
 */
public record CellResult(
    String schema,
    Config config,
    Versions versions,
    /** git revision of the rulex checkout, or "unknown". */
    String gitRevision,
    /** Hash of the dataset manifest the model was trained and tested on. */
    String datasetHash,
    SampleCounts samples,
    /** The training step whose checkpoint was scored: the one with the lowest validation loss. */
    long checkpointStep,
    TokenMetrics test,
    List<PromptSetScore> promptSets,
    List<CurvePoint> trainingCurve,
    double wallSeconds) {

  public static final String SCHEMA = "rulex.result/1";

  public CellResult {
    promptSets = promptSets == null ? List.of() : List.copyOf(promptSets);
    trainingCurve = trainingCurve == null ? List.of() : List.copyOf(trainingCurve);
  }

  /** What was run. modelConfig and training are the JSON objects the model zoo and trainer read. */
  public record Config(
      String language,
      List<String> languageAliases,
      String grammarHash,
      String model,
      JsonObject modelConfig,
      JsonObject training,
      long seed,
      String preset) {}

  /** The versions a result depends on. */
  public record Versions(String rulex, String djl, String java) {}

  /** Sizes of the data: train, validation and test words, and prompts per prompt set. */
  public record SampleCounts(int train, int val, int test, Map<String, Integer> prompts) {}

  /** One validation check during training. */
  public record CurvePoint(long step, double trainLoss, double valLoss) {}

  /** The cell's key, language__model__s&lt;seed&gt;, the same as the bench's cell key and file name. */
  public String key() {
    return config.language() + "__" + config.model() + "__s" + config.seed();
  }

  /** A prompt set's score by name, or null. */
  public PromptSetScore promptSet(String name) {
    return promptSets.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }
}
