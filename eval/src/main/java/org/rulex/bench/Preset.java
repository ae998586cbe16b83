package org.rulex.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.SafeName;
import org.rulex.UserError;
import org.rulex.grammar.Languages;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.Location;
import org.rulex.json.StrictJson;
import org.rulex.model.ModelZoo;
import org.rulex.train.TrainConfig;

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

  /**
   * A built-in preset by name (quick, paper), or a preset JSON file by path, read strictly and
   * checked whole: every model configuration and every model's training settings are built
   * here, so that a mistake in the last cell's settings stops the sweep before its first cell.
   * The languages are checked by {@link #checkLanguages}, which compiles their grammars.
   *
   * @throws UserError naming the file, line and column of the first problem
   */
  public static Preset load(String nameOrPath) {
    Path p = Path.of(nameOrPath);
    String json;
    String source;
    if (Files.isRegularFile(p)) {
      source = p.toString();
      json = StrictJson.readText(p);
    } else {
      source = "preset " + nameOrPath;
      try (InputStream in = Preset.class.getResourceAsStream("/presets/" + nameOrPath + ".json")) {
        if (in == null) throw new UserError("unknown preset '" + nameOrPath + "': built-in presets are " + builtIn() + ", or give a preset JSON file");
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError("cannot read preset " + nameOrPath + ": " + e.getMessage());
      }
    }
    JsonNode tree = StrictJson.parse(json, source);
    Preset preset = StrictJson.bind(tree, Preset.class, null);
    preset.check((JsonNode.Obj) tree);
    return preset;
  }

  /** Everything but the languages, each problem at its place in the file. */
  private void check(JsonNode.Obj tree) {
    for (String key : List.of("name", "languages", "models", "seeds", "data", "modelConfigs", "decoding", "learned"))
      if (!tree.members().containsKey(key)) throw new JsonError(tree.at(), "a preset needs \"" + key + "\"");
    if (!name.matches("[A-Za-z0-9._-]+"))
      throw new JsonError(at(tree, "name"), "\"name\" must be letters, digits, '.', '_' or '-' (it names the results directory), not \"" + name + "\"");
    distinctNonEmpty(tree, "languages", languages);
    distinctNonEmpty(tree, "models", models);
    distinctNonEmpty(tree, "seeds", seeds);
    // A cell's data, checkpoints, logs and result are files named after its language and model:
    // each must be a plain name, so that nothing lands outside --out.
    for (String key : List.of("languages", "models")) {
      List<JsonNode> items = ((JsonNode.Arr) value(tree, key)).elements();
      for (JsonNode item : items) {
        String v = ((JsonNode.Str) item).value();
        if (!SafeName.isValid(v) || v.contains("__"))
          throw new JsonError(item.at(), "\"" + key + "\" entries are names (" + SafeName.RULE + ", and no \"__\", which separates the parts of a cell key),"
              + " not \"" + v + "\": a cell's files are named after them"
              + (key.equals("languages") ? "; a preset names languages in the grammars directory, not grammar directories by path" : ""));
      }
    }
    JsonNode.Obj dataNode = (JsonNode.Obj) value(tree, "data");
    for (String split : List.of("train", "val", "test")) {
      int n = split.equals("train") ? data.train() : split.equals("val") ? data.val() : data.test();
      if (n < 1) throw new JsonError(at(dataNode, split), "data." + split + " must be at least 1, not " + n);
    }
    if (data.minLength() != null && data.minLength() < 0) throw new JsonError(at(dataNode, "minLength"), "data.minLength must be at least 0");
    if (data.minLength() != null && data.maxLength() != null && data.maxLength() < data.minLength())
      throw new JsonError(at(dataNode, "maxLength"), "data.maxLength " + data.maxLength() + " is below data.minLength " + data.minLength());
    JsonNode.Obj configs = (JsonNode.Obj) value(tree, "modelConfigs");
    JsonNode.Obj overrides = tree.members().containsKey("trainingOverrides") ? (JsonNode.Obj) value(tree, "trainingOverrides") : null;
    if (overrides != null)
      for (JsonNode.Member m : overrides.members().values())
        if (!models.contains(m.key())) throw new JsonError(m.keyAt(), "trainingOverrides names \"" + m.key() + "\", which is not in \"models\" " + models);
    JsonNode.Obj trainingNode = tree.members().containsKey("training") ? (JsonNode.Obj) value(tree, "training") : null;
    // Each cell trains with its own seed from "seeds"; a training seed in a preset never had an effect.
    List<JsonNode.Obj> trainingObjects = new java.util.ArrayList<>();
    if (trainingNode != null) trainingObjects.add(trainingNode);
    if (overrides != null) for (JsonNode.Member m : overrides.members().values()) trainingObjects.add((JsonNode.Obj) m.value());
    for (JsonNode.Obj t : trainingObjects)
      if (t.members().containsKey("seed"))
        System.err.println("rulex: " + t.members().get("seed").keyAt() + ": training \"seed\" in a preset is ignored (deprecated): "
            + "each cell trains with its seed from \"seeds\"; remove it");
    List<JsonNode> modelNodes = ((JsonNode.Arr) value(tree, "models")).elements();
    for (int i = 0; i < models.size(); i++) {
      String m = models.get(i);
      JsonNode.Member config = configs.members().get(m);
      if (config == null) throw new JsonError(modelNodes.get(i).at(), "model '" + m + "' has no entry in \"modelConfigs\"");
      ModelZoo.fromJson(config.value());
      // The settings a cell of this model trains with: shared ones, this model's overrides on top.
      Map<String, JsonNode.Member> merged = new LinkedHashMap<>();
      if (trainingNode != null) merged.putAll(trainingNode.members());
      if (overrides != null && overrides.members().containsKey(m)) merged.putAll(((JsonNode.Obj) value(overrides, m)).members());
      TrainConfig.fromJson(new JsonNode.Obj(trainingNode != null ? trainingNode.at() : tree.at(), merged));
    }
    JsonNode.Obj decodingNode = (JsonNode.Obj) value(tree, "decoding");
    if (!decoding.greedy() && decoding.samples() <= 0)
      throw new JsonError(decodingNode.at(), "decoding asks for neither greedy nor sampled completions");
    if (decoding.samples() < 0) throw new JsonError(at(decodingNode, "samples"), "decoding.samples must be at least 0");
    if (decoding.samples() > 0 && !(decoding.temperature() > 0))
      throw new JsonError(at(decodingNode, "temperature"), "decoding.temperature must be above 0 when sampling");
    if (decoding.maxSampledPrompts() < 0) throw new JsonError(at(decodingNode, "maxSampledPrompts"), "decoding.maxSampledPrompts must be at least 0");
    JsonNode.Obj learnedNode = (JsonNode.Obj) value(tree, "learned");
    if (learned.distributionWords() < 1)
      throw new JsonError(at(learnedNode, "distributionWords"), "learned.distributionWords must be at least 1");
    if (tree.members().containsKey("languageOverrides"))
      for (JsonNode.Member m : ((JsonNode.Obj) value(tree, "languageOverrides")).members().values())
        if (!languages.contains(m.key()))
          throw new JsonError(m.keyAt(), "languageOverrides names \"" + m.key() + "\", which is not in \"languages\" " + languages);
  }

  /**
   * Loads every language of the sweep (compiling its grammars), so that an unknown or broken
   * language stops the sweep before anything runs.
   */
  public void checkLanguages(Languages languages) {
    for (String l : this.languages) {
      try {
        languages.get(l);
      } catch (UserError e) {
        throw new UserError("preset " + name + ": language '" + l + "': " + e.getMessage(), e);
      }
    }
  }

  private static void distinctNonEmpty(JsonNode.Obj tree, String key, List<?> values) {
    JsonNode node = value(tree, key);
    if (values.isEmpty()) throw new JsonError(node.at(), "\"" + key + "\" is empty: a sweep needs at least one");
    List<JsonNode> items = ((JsonNode.Arr) node).elements();
    for (int i = 0; i < values.size(); i++)
      if (values.subList(0, i).contains(values.get(i))) throw new JsonError(items.get(i).at(), "\"" + key + "\" lists " + values.get(i) + " twice");
  }

  private static JsonNode value(JsonNode.Obj o, String key) {
    return o.members().get(key).value();
  }

  private static Location at(JsonNode.Obj o, String key) {
    JsonNode.Member m = o.members().get(key);
    return m == null ? o.at() : m.value().at();
  }

  public static List<String> builtIn() {
    return List.of("quick", "standard", "standard-core", "paper", "nonid-anbn");
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
