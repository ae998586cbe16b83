package org.rulex.regress;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.AtomicFile;
import org.rulex.UserError;
import org.rulex.json.StrictJson;

/**
 * A checkpoint's metrics frozen for CI: what a later evaluation of the same (or a retrained)
 * checkpoint is compared with, plus the evaluation settings, so both runs measure the same way.
 */
public record Baseline(
    String schema,
    String language,
    String grammarHash,
    /** SHA-256 of the vocabulary's tokens in id order: ids mean the same symbols in both runs. */
    String vocabularyHash,
    String checkpointParametersSha256,
    Settings evaluation,
    double tolerance,
    double lossTolerance,
    Map<String, Metric> metrics,
    /**
     * Metrics on which the checkpoint beat both the uniform and the stop-at-once baselines when
     * the baseline was written: a later checkpoint must beat them there too.
     */
    List<String> mustBeatBaselines) {

  public static final String SCHEMA = "rulex.baseline/2";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

  public Baseline {
    mustBeatBaselines = mustBeatBaselines == null ? List.of() : List.copyOf(mustBeatBaselines);
  }

  /**
   * How the metrics were measured: seed for test words, prompts and sampling, test words and
   * their longest length (the decoding budget reaches it from every prompt), and the decodings.
   */
  public record Settings(long seed, int testWords, int maxWordLength, boolean greedy, int samples, double temperature, int maxSampledPrompts) {}

  /** The vocabulary's fingerprint as a baseline records it. */
  public static String vocabularyHash(org.rulex.grammar.Vocabulary v) {
    StringBuilder sb = new StringBuilder();
    for (int id = 0; id < v.size(); id++) sb.append(id).append('=').append(v.text(id)).append('\n');
    return org.rulex.Sha256.of(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a baseline strictly: an unknown key, a wrong type or a truncated file is an error at
   * file:line:col (exit 2), never a regression.
   */
  public static Baseline read(Path file) {
    Baseline b = StrictJson.bind(StrictJson.parseWritten(StrictJson.readText(file), file.toString()), Baseline.class, null);
    if (b == null || !SCHEMA.equals(b.schema()))
      throw new UserError(file + ": not a rulex baseline of schema " + SCHEMA + (b == null || b.schema() == null ? "" : " (it says " + b.schema() + "; write it anew with --write-baseline)"));
    if (b.metrics() == null || b.evaluation() == null || b.grammarHash() == null || b.vocabularyHash() == null || b.language() == null)
      throw new UserError(file + ": a baseline needs \"language\", \"evaluation\", \"metrics\", \"grammarHash\" and \"vocabularyHash\"");
    Map<String, Metric> named = new LinkedHashMap<>();
    b.metrics().forEach((k, m) -> named.put(k, new Metric(k, m.value(), m.low(), m.high(), m.successes(), m.trials(), m.higherIsBetter())));
    return new Baseline(b.schema(), b.language(), b.grammarHash(), b.vocabularyHash(), b.checkpointParametersSha256(), b.evaluation(), b.tolerance(),
        b.lossTolerance(), named, b.mustBeatBaselines());
  }

  public void write(Path file) {
    AtomicFile.write(file, GSON.toJson(this) + "\n");
  }

}
