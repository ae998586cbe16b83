package org.rulex.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rulex.UserError;

/**
 * A benchmark sweep as data: languages x models x seeds, with the data sizes, the training
 * settings per model and the decoding budget. Built-in presets live in presets/*.json on the
 * class path; any other JSON file with the same shape can be given by path.
 */
public record Preset(
    String name,
    String description,
    List<String> languages,
    List<String> models,
    List<Long> seeds,
    Data data,
    /** Per architecture: the model configuration JSON the model zoo reads. */
    Map<String, JsonObject> modelConfigs,
    /** Training settings shared by every model; per-architecture overrides in trainingOverrides. */
    JsonObject training,
    Map<String, JsonObject> trainingOverrides,
    Decoding decoding,
    Learned learned,
    /**
     * Per language, settings laid over the shared ones (null or absent: none). A language whose
     * words are longer, or whose rule needs more steps to learn, gets them without changing the
     * rest of the sweep; the preset written beside the results records them.
     */
    Map<String, LanguageOverride> languageOverrides,
    /**
     * Also compute the published protocol from the same runs (greedy, finished-only, maximum over
     * validation checks; see PublishedProtocol): keeps every check's weights and decodes each.
     */
    Boolean publishedProtocol) {

  /** Whether the sweep computes the published protocol beside its own numbers. */
  public boolean computesPublishedProtocol() {
    return Boolean.TRUE.equals(publishedProtocol);
  }

  /**
   * Fields given here replace the shared ones for one language: data (any of Data's fields),
   * training (shared training settings), trainingOverrides (per architecture, applied after the
   * preset's own per-architecture overrides) and modelConfigs (per architecture, field by field).
   */
  public record LanguageOverride(JsonObject data, JsonObject training, Map<String, JsonObject> trainingOverrides, Map<String, JsonObject> modelConfigs) {}

  /** Dataset sizes and the training length range (null: the language's own range). */
  public record Data(int train, int val, int test, Integer minLength, Integer maxLength) {}

  /**
   * Decoding of the prompt sets: greedy (one completion a prompt, the published convention)
   * and/or sampled (samples completions a prompt at temperature, on at most maxSampledPrompts
   * prompts per set, 0 = all). The budget is not a setting: it is derived from the longest
   * training word, so that every prompt can reach the longest member and end.
   */
  public record Decoding(boolean greedy, int samples, double temperature, int maxSampledPrompts) {}

  /**
   * When a cell counts as having learned its language: excess loss over the training
   * distribution's entropy at most maxExcessLoss nats per token (measured on
   * distributionWords fresh draws), and ID completions in the language at least
   * minIdInLanguage of the time (sampled when the preset samples).
   */
  public record Learned(double maxExcessLoss, double minIdInLanguage, int distributionWords) {}

  static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /** A built-in preset by name (quick, paper), or a preset JSON file by path. */
  public static Preset load(String nameOrPath) {
    Path p = Path.of(nameOrPath);
    String json;
    String source;
    if (Files.isRegularFile(p)) {
      source = p.toString();
      try {
        json = Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError(p + ": cannot read: " + e.getMessage());
      }
    } else {
      source = "preset " + nameOrPath;
      try (InputStream in = Preset.class.getResourceAsStream("/presets/" + nameOrPath + ".json")) {
        if (in == null) throw new UserError("unknown preset '" + nameOrPath + "': built-in presets are " + builtIn() + ", or give a preset JSON file");
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError("cannot read preset " + nameOrPath + ": " + e.getMessage());
      }
    }
    try {
      Preset preset = GSON.fromJson(json, Preset.class);
      if (preset == null || preset.languages() == null || preset.models() == null || preset.seeds() == null || preset.data() == null
          || preset.decoding() == null || preset.learned() == null)
        throw new UserError(source + ": a preset needs languages, models, seeds, data, decoding and learned");
      Preset.Decoding d = preset.decoding();
      if (!d.greedy() && d.samples() <= 0) throw new UserError(source + ": decoding asks for neither greedy nor sampled completions");
      if (d.samples() < 0 || (d.samples() > 0 && !(d.temperature() > 0)) || d.maxSampledPrompts() < 0)
        throw new UserError(source + ": decoding needs samples >= 0, a temperature above 0 when sampling, maxSampledPrompts >= 0");
      if (preset.learned().distributionWords() < 1) throw new UserError(source + ": learned.distributionWords must be at least 1");
      for (String m : preset.models())
        if (preset.modelConfigs() == null || !preset.modelConfigs().containsKey(m)) throw new UserError(source + ": model '" + m + "' has no entry in modelConfigs");
      if (preset.languageOverrides() != null)
        for (String l : preset.languageOverrides().keySet())
          if (!preset.languages().contains(l)) throw new UserError(source + ": languageOverrides names '" + l + "', which is not among the preset's languages");
      return preset;
    } catch (JsonParseException e) {
      throw new UserError(source + ": invalid JSON: " + e.getMessage());
    }
  }

  public static List<String> builtIn() {
    return List.of("quick", "standard", "paper", "nonid-anbn");
  }

  /** Every cell of the sweep, in key order. */
  public List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    for (String l : languages) for (String m : models) for (long s : seeds) out.add(new Cell(l, m, s));
    return out.stream().sorted().toList();
  }

  /** The training settings for one architecture: shared settings with its overrides on top. */
  public JsonObject trainingFor(String model) {
    JsonObject t = training == null ? new JsonObject() : training.deepCopy();
    if (trainingOverrides != null && trainingOverrides.containsKey(model))
      trainingOverrides.get(model).entrySet().forEach(e -> t.add(e.getKey(), e.getValue()));
    return t;
  }

  /** Training settings of one cell: {@link #trainingFor(String)}, then the language's overrides, shared first, then per architecture. */
  public JsonObject trainingFor(String language, String model) {
    JsonObject t = trainingFor(model);
    LanguageOverride o = overrideFor(language);
    if (o != null) {
      overlay(t, o.training());
      if (o.trainingOverrides() != null) overlay(t, o.trainingOverrides().get(model));
    }
    return t;
  }

  /** The model configuration of one cell: the architecture's entry with the language's fields on top. */
  public JsonObject modelConfigFor(String language, String model) {
    JsonObject m = modelConfigs.get(model).deepCopy();
    LanguageOverride o = overrideFor(language);
    if (o != null && o.modelConfigs() != null) overlay(m, o.modelConfigs().get(model));
    return m;
  }

  /** Data sizes and length range of one language: the shared ones with the language's fields on top. */
  public Data dataFor(String language) {
    LanguageOverride o = overrideFor(language);
    if (o == null || o.data() == null) return data;
    JsonObject d = GSON.toJsonTree(data).getAsJsonObject();
    overlay(d, o.data());
    return GSON.fromJson(d, Data.class);
  }

  private LanguageOverride overrideFor(String language) {
    return languageOverrides == null ? null : languageOverrides.get(language);
  }

  private static void overlay(JsonObject onto, JsonObject fields) {
    if (fields != null) fields.entrySet().forEach(e -> onto.add(e.getKey(), e.getValue().deepCopy()));
  }

  public String toJson() {
    return GSON.toJson(this);
  }
}
