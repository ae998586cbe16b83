package org.rulex.regress;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rulex.AtomicFile;
import org.rulex.UserError;

/**
 * A checkpoint's metrics frozen for CI: what a later evaluation of the same (or a retrained)
 * checkpoint is compared with, plus the evaluation settings, so both runs measure the same way.
 */
public record Baseline(
    String schema,
    String language,
    String grammarHash,
    String checkpointParametersSha256,
    Settings evaluation,
    double tolerance,
    double lossTolerance,
    Map<String, Metric> metrics) {

  public static final String SCHEMA = "rulex.baseline/1";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

  /** How the metrics were measured: seed for test words and prompts, sizes, decoding budget. */
  public record Settings(long seed, int testWords, int maxWordLength, double budgetFactor, int budgetExtra) {
    public int budget(int promptLength) {
      return (int) Math.ceil(budgetFactor * promptLength) + budgetExtra;
    }
  }

  public static Baseline read(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read the baseline: " + e.getMessage());
    }
    try {
      Baseline b = GSON.fromJson(json, Baseline.class);
      if (b == null || !SCHEMA.equals(b.schema())) throw new UserError(file + ": not a rulex baseline (schema " + SCHEMA + ")");
      if (b.metrics() == null || b.evaluation() == null) throw new UserError(file + ": a baseline needs \"evaluation\" and \"metrics\"");
      Map<String, Metric> named = new LinkedHashMap<>();
      b.metrics().forEach((k, m) -> named.put(k, new Metric(k, m.value(), m.low(), m.high(), m.successes(), m.trials(), m.higherIsBetter())));
      return new Baseline(b.schema(), b.language(), b.grammarHash(), b.checkpointParametersSha256(), b.evaluation(), b.tolerance(), b.lossTolerance(), named);
    } catch (JsonParseException e) {
      throw new UserError(file + ": invalid JSON: " + e.getMessage());
    }
  }

  public void write(Path file) {
    AtomicFile.write(file, GSON.toJson(this) + "\n");
  }

}
