package org.rulex.regress;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import org.rulex.decode.DecodingSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.AtomicFile;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.Location;
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
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  public Baseline {
    mustBeatBaselines = mustBeatBaselines == null ? List.of() : List.copyOf(mustBeatBaselines);
  }

  /**
   * How the metrics were measured: seed for test words, prompts and sampling, test words and
   * their longest length (the decoding budget reaches it from every prompt), and the decodings.
   */
  public record Settings(long seed, int testWords, int maxWordLength, boolean greedy, int samples, double temperature, int maxSampledPrompts) {
    public Settings {
      decoding(greedy, samples, temperature, maxSampledPrompts); // checked by the one decoding record, at its member when read from a file
    }

    public Settings(long seed, int testWords, int maxWordLength, DecodingSettings d) {
      this(seed, testWords, maxWordLength, d.greedy(), d.samples(), d.temperature(), d.maxSampledPrompts());
    }

    /** The decoding the baseline was measured with, to measure the checkpoint the same way. */
    public DecodingSettings decoding() {
      return decoding(greedy, samples, temperature, maxSampledPrompts);
    }

    private static DecodingSettings decoding(boolean greedy, int samples, double temperature, int maxSampledPrompts) {
      return new DecodingSettings(greedy, samples, temperature, maxSampledPrompts);
    }
  }

  /** The vocabulary's fingerprint as a baseline records it. */
  public static String vocabularyHash(org.rulex.grammar.Vocabulary v) {
    StringBuilder sb = new StringBuilder();
    for (int id = 0; id < v.size(); id++) sb.append(id).append('=').append(v.text(id)).append('\n');
    return org.rulex.Sha256.of(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a baseline strictly: an unknown key, a wrong type, a truncated file, a NaN or Infinity,
   * a negative or non-finite tolerance, a metric whose direction differs from the one rulex
   * knows (see {@link Metric#higherIsBetter(String)}) or a rate outside [0, 1] is an error at
   * file:line:col (exit 2), never a regression and never a pass.
   */
  public static Baseline read(Path file) {
    JsonNode tree = StrictJson.parse(StrictJson.readText(file), file.toString());
    Baseline b = StrictJson.bind(tree, Baseline.class, null);
    if (b == null) throw new UserError(file + ": not a rulex baseline of schema " + SCHEMA);
    JsonNode.Obj root = (JsonNode.Obj) tree;
    // Placed at the schema's value, or at the object when a key is missing: a hand-edited file says where.
    JsonNode.Member schemaMember = root.members().get("schema");
    if (!SCHEMA.equals(b.schema()))
      throw new JsonError(schemaMember == null ? root.at() : schemaMember.value().at(), "not a rulex baseline of schema " + SCHEMA
          + (b.schema() == null ? "" : " (it says " + b.schema() + "; write it anew with --write-baseline)"));
    if (b.metrics() == null || b.evaluation() == null || b.grammarHash() == null || b.vocabularyHash() == null || b.language() == null)
      throw new JsonError(root.at(), "a baseline needs \"language\", \"evaluation\", \"metrics\", \"grammarHash\" and \"vocabularyHash\"");
    checkTolerance(root, "tolerance", b.tolerance());
    checkTolerance(root, "lossTolerance", b.lossTolerance());
    Map<String, JsonNode.Member> metricNodes = ((JsonNode.Obj) root.members().get("metrics").value()).members();
    Map<String, Metric> named = new LinkedHashMap<>();
    b.metrics().forEach((k, m) -> {
      // A name rulex writes is rule ids and set names joined by '/': anything else (a control
      // character above all) was put there by hand, and would reach the console and the JUnit file.
      if (!METRIC_NAME.matcher(k).matches())
        throw new JsonError(metricNodes.get(k).keyAt(), "\"" + printable(k) + "\" is not a metric name rulex writes (names, letters, digits, '.', '_' or '-', joined by '/')");
      JsonNode.Obj node = (JsonNode.Obj) metricNodes.get(k).value();
      boolean higher = Metric.higherIsBetter(k);
      if (m.higherIsBetter() != higher)
        throw new JsonError(node.members().get("higherIsBetter").value().at(), "metric \"" + k + "\" says \"higherIsBetter\": " + m.higherIsBetter()
            + ", but " + (higher ? "it is a rate: higher is better" : "it is a loss: lower is better") + "; rulex knows each metric's direction, so this baseline was edited or damaged");
      JsonNode.Member value = node.members().get("value");
      Location at = value == null ? node.at() : value.value().at();
      if (higher && (m.value() < 0 || m.value() > 1))
        throw new JsonError(at, "metric \"" + k + "\" is a rate, so its value lies in [0, 1], not " + m.value());
      if (!higher && m.value() < 0) throw new JsonError(at, "metric \"" + k + "\" is a loss, so its value is at least 0, not " + m.value());
      named.put(k, new Metric(k, m.value(), m.low(), m.high(), m.successes(), m.trials(), m.higherIsBetter()));
    });
    JsonNode.Member must = root.members().get("mustBeatBaselines");
    for (int i = 0; i < b.mustBeatBaselines().size(); i++) {
      String name = b.mustBeatBaselines().get(i);
      if (name == null || !METRIC_NAME.matcher(name).matches())
        throw new JsonError(((JsonNode.Arr) must.value()).elements().get(i).at(),
            "\"mustBeatBaselines\": \"" + (name == null ? "null" : printable(name)) + "\" is not a metric name rulex writes (names, letters, digits, '.', '_' or '-', joined by '/')");
    }
    return new Baseline(b.schema(), b.language(), b.grammarHash(), b.vocabularyHash(), b.checkpointParametersSha256(), b.evaluation(), b.tolerance(),
        b.lossTolerance(), named, b.mustBeatBaselines());
  }

  private static final java.util.regex.Pattern METRIC_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    return sb.toString();
  }

  private static void checkTolerance(JsonNode.Obj root, String key, double value) {
    if (!(value >= 0)) {
      JsonNode.Member m = root.members().get(key);
      throw new JsonError(m == null ? root.at() : m.value().at(), "\"" + key + "\" must be a number at least 0, not " + value);
    }
  }

  /**
   * Writes the baseline. A metric without a value (a rate over no trials) is left out: there is
   * nothing to hold a later checkpoint to, and a baseline holds finite numbers only.
   */
  public void write(Path file) {
    Map<String, Metric> finite = new LinkedHashMap<>();
    metrics.forEach((k, m) -> {
      if (Double.isFinite(m.value())) finite.put(k, m);
    });
    Baseline written = new Baseline(schema, language, grammarHash, vocabularyHash, checkpointParametersSha256, evaluation, tolerance, lossTolerance, finite,
        mustBeatBaselines.stream().filter(finite::containsKey).toList());
    AtomicFile.write(file, GSON.toJson(written) + "\n");
  }

}
