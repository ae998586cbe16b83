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
import org.rulex.SequenceLength;
import org.rulex.decode.DecodingSettings;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.model.ModelConfig;
import org.rulex.json.FormerKey;
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
    DecodingSettings decoding,
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
    Boolean publishedProtocol,
    /**
     * Models the bench does not train, by name (null or absent: none): a TorchScript file or a
     * process model (see {@link ExternalModel}). Each is listed in "models" like any other and
     * has no entry in "modelConfigs"; its cells are measured as a trained model's are.
     */
    Map<String, ExternalModel> externalModels) {

  /** The external model of this name, or null for a model of the zoo. */
  public ExternalModel external(String model) {
    return externalModels == null ? null : externalModels.get(model);
  }

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

  /**
   * Dataset sizes and the training words' length range, in symbols (null: the language's own
   * range). everyMember (null: false): every member in the range once, validation = test =
   * training, the sizes unused (see DatasetWriter.Options).
   */
  public record Data(int train, int val, int test, @FormerKey("minLength") Integer minWordLength, @FormerKey("maxLength") Integer maxWordLength,
      Boolean everyMember) {
    /** Sizes and a length range, drawn from the spec's distribution. */
    public Data(int train, int val, int test, Integer minWordLength, Integer maxWordLength) {
      this(train, val, test, minWordLength, maxWordLength, null);
    }
  }

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
    } else if (nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator) || nameOrPath.endsWith(".json")) {
      throw new UserError(nameOrPath + ": no such preset file" + (Files.isDirectory(p) ? " (it is a directory)" : "")
          + "; built-in presets are " + builtIn());
    } else {
      source = "preset " + nameOrPath;
      try (InputStream in = Preset.class.getResourceAsStream("/presets/" + nameOrPath + ".json")) {
        if (in == null) throw new UserError("unknown preset '" + nameOrPath + "': built-in presets are " + builtIn() + ", or give a preset JSON file");
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError("cannot read preset " + nameOrPath + ": " + e.getMessage());
      }
    }
    JsonNode tree = currentKeys(StrictJson.parse(json, source));
    Preset preset = StrictJson.bind(tree, Preset.class, null);
    preset.check((JsonNode.Obj) tree);
    return preset;
  }

  /**
   * The preset's tree with every former key under its current name (data's minLength and
   * maxLength, a model configuration's maxLength, training's maxLength), also inside the parts
   * kept as JSON objects, so that the loaded preset, its overrides and its pinned copy speak one
   * set of names. A part that is not an object is left for the strict binding to name.
   */
  private static JsonNode currentKeys(JsonNode tree) {
    if (!(tree instanceof JsonNode.Obj root)) return tree;
    JsonNode.Obj configs = obj(root, "modelConfigs");
    java.util.function.UnaryOperator<JsonNode.Obj> training = t -> StrictJson.currentKeys(t, TrainConfig.class);
    java.util.function.BiFunction<String, JsonNode.Obj, JsonNode.Obj> model = (name, c) -> {
      JsonNode.Obj base = obj(configs, name);
      JsonNode.Member arch = (base != null ? base : c).members().get("architecture");
      return arch != null && arch.value() instanceof JsonNode.Str a ? ModelZoo.currentKeys(c, a.value()) : c;
    };
    JsonNode.Obj out = StrictJson.currentKeys(root, Preset.class);
    out = replace(out, "data", d -> StrictJson.currentKeys(d, Data.class));
    out = replace(out, "training", training);
    out = replace(out, "trainingOverrides", o -> eachMember(o, (k, t) -> training.apply(t)));
    out = replace(out, "modelConfigs", o -> eachMember(o, model));
    out = replace(out, "languageOverrides", o -> eachMember(o, (language, lo) -> {
      JsonNode.Obj x = replace(lo, "data", d -> StrictJson.currentKeys(d, Data.class));
      x = replace(x, "training", training);
      x = replace(x, "trainingOverrides", t -> eachMember(t, (k, v) -> training.apply(v)));
      return replace(x, "modelConfigs", t -> eachMember(t, model));
    }));
    return out;
  }

  /** The object with one object-valued member replaced (left as it is when absent or not an object). */
  private static JsonNode.Obj replace(JsonNode.Obj o, String key, java.util.function.UnaryOperator<JsonNode.Obj> f) {
    JsonNode.Member m = o.members().get(key);
    if (m == null || !(m.value() instanceof JsonNode.Obj v)) return o;
    Map<String, JsonNode.Member> members = new LinkedHashMap<>(o.members());
    members.put(key, new JsonNode.Member(key, m.keyAt(), f.apply(v)));
    return new JsonNode.Obj(o.at(), members);
  }

  /** The object with every object-valued member replaced, given its key. */
  private static JsonNode.Obj eachMember(JsonNode.Obj o, java.util.function.BiFunction<String, JsonNode.Obj, JsonNode.Obj> f) {
    Map<String, JsonNode.Member> members = new LinkedHashMap<>();
    for (JsonNode.Member m : o.members().values())
      members.put(m.key(), m.value() instanceof JsonNode.Obj v ? new JsonNode.Member(m.key(), m.keyAt(), f.apply(m.key(), v)) : m);
    return new JsonNode.Obj(o.at(), members);
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
    if (data.minWordLength() != null && data.minWordLength() < 0) throw new JsonError(at(dataNode, "minWordLength"), "data.minWordLength must be at least 0");
    if (data.minWordLength() != null && data.maxWordLength() != null && data.maxWordLength() < data.minWordLength())
      throw new JsonError(at(dataNode, "maxWordLength"), "data.maxWordLength " + data.maxWordLength() + " is below data.minWordLength " + data.minWordLength());
    JsonNode.Obj configs = (JsonNode.Obj) value(tree, "modelConfigs");
    JsonNode.Obj overrides = tree.members().containsKey("trainingOverrides") ? (JsonNode.Obj) value(tree, "trainingOverrides") : null;
    if (overrides != null)
      for (JsonNode.Member m : overrides.members().values())
        if (!models.contains(m.key())) throw new JsonError(m.keyAt(), "trainingOverrides names \"" + m.key() + "\", which is not in \"models\" " + models);
    checkExternal(tree, overrides);
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
      if (external(m) != null) continue;
      JsonNode.Member config = configs.members().get(m);
      if (config == null) throw new JsonError(modelNodes.get(i).at(), "model '" + m + "' has no entry in \"modelConfigs\"");
      ModelZoo.fromJson(config.value());
      // The settings a cell of this model trains with: shared ones, this model's overrides on top.
      Map<String, JsonNode.Member> merged = new LinkedHashMap<>();
      if (trainingNode != null) merged.putAll(trainingNode.members());
      if (overrides != null && overrides.members().containsKey(m)) merged.putAll(((JsonNode.Obj) value(overrides, m)).members());
      TrainConfig.fromJson(new JsonNode.Obj(trainingNode != null ? trainingNode.at() : tree.at(), merged));
    }
    JsonNode.Obj learnedNode = (JsonNode.Obj) value(tree, "learned");
    if (learned.distributionWords() < 1)
      throw new JsonError(at(learnedNode, "distributionWords"), "learned.distributionWords must be at least 1");
    if (!(learned.maxExcessLoss() >= 0))
      throw new JsonError(at(learnedNode, "maxExcessLoss"), "learned.maxExcessLoss is in nats per token and must be at least 0, not " + learned.maxExcessLoss());
    if (!(learned.minIdInLanguage() >= 0 && learned.minIdInLanguage() <= 1))
      throw new JsonError(at(learnedNode, "minIdInLanguage"), "learned.minIdInLanguage is a share and must be in [0, 1], not " + learned.minIdInLanguage());
    if (learned.distributionWords() > MAX_WORDS)
      throw new JsonError(at(learnedNode, "distributionWords"), "learned.distributionWords " + learned.distributionWords() + " is more than the " + MAX_WORDS + " rulex allows");
    if (tree.members().containsKey("languageOverrides"))
      for (JsonNode.Member m : ((JsonNode.Obj) value(tree, "languageOverrides")).members().values())
        if (!languages.contains(m.key()))
          throw new JsonError(m.keyAt(), "languageOverrides names \"" + m.key() + "\", which is not in \"languages\" " + languages);
    checkCells(tree, Languages.standard());
  }

  /**
   * External models: each listed in "models", none also in "modelConfigs" or trained by an
   * override (nothing trains them), each entry complete.
   */
  private void checkExternal(JsonNode.Obj tree, JsonNode.Obj overrides) {
    JsonNode.Obj external = obj(tree, "externalModels");
    if (external == null) return;
    JsonNode.Obj configs = obj(tree, "modelConfigs");
    for (JsonNode.Member m : external.members().values()) {
      if (!models.contains(m.key())) throw new JsonError(m.keyAt(), "externalModels names \"" + m.key() + "\", which is not in \"models\" " + models);
      if (configs != null && configs.members().containsKey(m.key()))
        throw new JsonError(configs.members().get(m.key()).keyAt(), "\"" + m.key() + "\" is an external model: it has no entry in \"modelConfigs\"");
      if (overrides != null && overrides.members().containsKey(m.key()))
        throw new JsonError(overrides.members().get(m.key()).keyAt(), "\"" + m.key() + "\" is an external model: the bench does not train it");
      if (!(m.value() instanceof JsonNode.Obj o)) throw new JsonError(m.value().at(), "externalModels." + m.key() + " must be an object");
      externalModels.get(m.key()).check(m.key(), o);
    }
  }

  /** The most words a split (or the convergence check) may ask for: more would not fit in memory. */
  public static final int MAX_WORDS = 1_000_000;

  /**
   * Every cell's settings as it will run them, the language's overrides laid over the shared
   * ones: data sizes and lengths in range, and every model long enough for the longest word the
   * data may hold (data.maxWordLength, or the language's own longest word). A language rulex does not
   * know is left to {@link #checkLanguages}, which names it.
   */
  private void checkCells(JsonNode.Obj tree, Languages known) {
    JsonNode.Obj overrides = obj(tree, "languageOverrides");
    for (String l : languages) {
      JsonNode.Obj o = overrides == null ? null : obj(overrides, l);
      JsonNode.Obj dataNode = merge(obj(tree, "data"), obj(o, "data"));
      Data d = StrictJson.bind(dataNode, Data.class, null);
      for (String split : List.of("train", "val", "test")) {
        int n = split.equals("train") ? d.train() : split.equals("val") ? d.val() : d.test();
        if (n < 1 || n > MAX_WORDS) throw new JsonError(at(dataNode, split), "data." + split + " must be between 1 and " + MAX_WORDS + ", not " + n + forLanguage(o, l));
      }
      if (d.minWordLength() != null && d.minWordLength() < 0) throw new JsonError(at(dataNode, "minWordLength"), "data.minWordLength must be at least 0" + forLanguage(o, l));
      if (d.maxWordLength() != null && d.maxWordLength() > Language.MAX_WORD_LENGTH)
        throw new JsonError(at(dataNode, "maxWordLength"), "data.maxWordLength " + d.maxWordLength() + " is beyond the " + Language.MAX_WORD_LENGTH + " symbols rulex handles" + forLanguage(o, l));
      if (d.minWordLength() != null && d.maxWordLength() != null && d.maxWordLength() < d.minWordLength())
        throw new JsonError(at(dataNode, "maxWordLength"), "data.maxWordLength " + d.maxWordLength() + " is below data.minWordLength " + d.minWordLength() + forLanguage(o, l));
      Integer longest = d.maxWordLength();
      if (longest == null) {
        try {
          longest = known.get(l).maxWordLength();
        } catch (UserError unknown) {
          continue;
        }
      }
      for (String m : models) {
        if (external(m) != null) continue; // its positions are checked when it is opened (ExternalModel.open)
        JsonNode.Obj modelNode = merge(obj(obj(tree, "modelConfigs"), m), obj(obj(o, "modelConfigs"), m));
        ModelConfig config = ModelZoo.fromJson(modelNode);
        // The model reads SOS and the word; the final EOS is a target, never an input.
        int reads = SequenceLength.ofWord(longest) - 1;
        if (config.maxPositions() < reads)
          throw new JsonError(at(modelNode, "maxPositions"), "model \"" + m + "\" reads at most " + config.maxPositions() + " tokens, but " + l + "'s words have up to "
              + longest + " symbols here, " + reads + " tokens with SOS: raise its maxPositions to at least " + reads);
        Integer promptLength = promptLength(known, l);
        // A fixed budget decodes that many tokens after SOS and the prompt, the last of them never read back.
        if (decoding.budget() != null && promptLength != null && config.maxPositions() < promptLength + decoding.budget())
          throw new JsonError(at(modelNode, "maxPositions"), "model \"" + m + "\" reads at most " + config.maxPositions() + " tokens, but decoding.budget "
              + decoding.budget() + " after " + l + "'s prompts of " + promptLength + " symbols and SOS needs " + (promptLength + decoding.budget()));
        JsonNode.Obj trainingNode = merge(obj(tree, "training"), obj(obj(tree, "trainingOverrides"), m), obj(o, "training"), obj(obj(o, "trainingOverrides"), m));
        TrainConfig t = TrainConfig.fromJson(trainingNode);
        if (t.sequenceLength() < SequenceLength.ofWord(longest))
          throw new JsonError(at(trainingNode, "sequenceLength"), "training.sequenceLength " + t.sequenceLength() + " (model \"" + m + "\") is below the " + SequenceLength.ofWord(longest)
              + " a word of " + longest + " symbols of " + l + " needs with SOS and EOS");
      }
    }
  }

  /** The language's prompt length, or null when it has none or is unknown. */
  private static Integer promptLength(Languages known, String language) {
    try {
      var prompts = known.get(language).spec().prompts();
      return prompts == null ? null : prompts.length();
    } catch (UserError unknown) {
      return null;
    }
  }

  private static String forLanguage(JsonNode.Obj override, String language) {
    return override == null ? "" : " (language " + language + " with its languageOverrides)";
  }

  /** An object member, or null when the parent is null or has no such key (or it is null). */
  private static JsonNode.Obj obj(JsonNode.Obj parent, String key) {
    if (parent == null) return null;
    JsonNode.Member m = parent.members().get(key);
    return m != null && m.value() instanceof JsonNode.Obj o ? o : null;
  }

  /** Objects laid over each other, later keys replacing earlier ones; located at the first given. */
  private static JsonNode.Obj merge(JsonNode.Obj... layers) {
    Map<String, JsonNode.Member> merged = new LinkedHashMap<>();
    Location at = null;
    for (JsonNode.Obj layer : layers) {
      if (layer == null) continue;
      if (at == null) at = layer.at();
      merged.putAll(layer.members());
    }
    return new JsonNode.Obj(at == null ? Location.path("preset", "$") : at, merged);
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
