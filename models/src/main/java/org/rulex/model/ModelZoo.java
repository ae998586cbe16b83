package org.rulex.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;

/**
 * The architectures rulex can build, by name, and their configurations as JSON. Adding an
 * architecture: write its class (with a nested Config record) and register it here, one line.
 *
 * <p>JSON form: {@code {"architecture": "transformer", "dModel": 32, ...}}; sizes left out take
 * the architecture's defaults.
 */
public final class ModelZoo {

  private record Architecture<C extends ModelConfig>(
      Class<C> configType, C defaults, BiFunction<C, Integer, TrainableModel> build) {
    TrainableModel create(ModelConfig config, int vocabularySize) {
      return build.apply(configType.cast(config), vocabularySize);
    }
  }

  private static final Map<String, Architecture<?>> ARCHITECTURES = Collections.unmodifiableMap(registry());

  private static Map<String, Architecture<?>> registry() {
    Map<String, Architecture<?>> a = new LinkedHashMap<>();
    a.put("transformer", new Architecture<>(Transformer.Config.class, Transformer.Config.DEFAULTS, Transformer::new));
    a.put("lstm", new Architecture<>(Lstm.Config.class, Lstm.Config.DEFAULTS, Lstm::new));
    a.put(
        "linear-attention",
        new Architecture<>(
            LinearAttentionTransformer.Config.class, LinearAttentionTransformer.Config.DEFAULTS, LinearAttentionTransformer::new));
    a.put("mamba", new Architecture<>(Mamba.Config.class, Mamba.Config.DEFAULTS, Mamba::new));
    a.put("xlstm", new Architecture<>(Xlstm.Config.class, Xlstm.Config.DEFAULTS, Xlstm::new));
    a.put("linear", new Architecture<>(WindowLinear.Config.class, WindowLinear.Config.DEFAULTS, WindowLinear::new));
    a.put("uniform", new Architecture<>(Uniform.Config.class, Uniform.Config.DEFAULTS, Uniform::new));
    a.put("stop-at-once", new Architecture<>(StopAtOnce.Config.class, StopAtOnce.Config.DEFAULTS, StopAtOnce::new));
    return a;
  }

  private static final Gson GSON = new Gson();

  /**
   * The largest model a configuration may ask for, in weights ({@link ModelConfig#parameterEstimate}):
   * 50 million, about 200 MB of float weights and 800 MB with the optimiser's two moments and the
   * gradients. Models of the benchmark have well under a million; a mistyped width (dModel 1e9)
   * would otherwise allocate until the machine swaps.
   */
  public static final double MAX_PARAMETERS = 50_000_000;

  /** The most positions (tokens read at once) a model may have: four times the longest sequence rulex makes. */
  public static final int MAX_POSITIONS = 4 * (org.rulex.grammar.Language.MAX_WORD_LENGTH + org.rulex.SequenceLength.MARKERS);

  private ModelZoo() {}

  /** Architecture names, in a stable order. */
  public static List<String> names() {
    return new ArrayList<>(ARCHITECTURES.keySet());
  }

  /** The record an architecture's configuration binds to. */
  public static Class<? extends ModelConfig> configType(String architecture) {
    return architecture(architecture).configType();
  }

  /** The default configuration of an architecture. */
  public static ModelConfig defaults(String architecture) {
    return architecture(architecture).defaults();
  }

  /**
   * Builds an initialised model with weights drawn from {@code seed}; its parameters live in
   * {@code manager}.
   */
  public static TrainableModel create(ModelConfig config, int vocabularySize, NDManager manager, long seed) {
    TrainableModel model = build(config, vocabularySize);
    Engine.getInstance().setRandomSeed(Long.hashCode(seed));
    model.initialize(manager);
    return model;
  }

  /** Builds a model without parameters, for {@code loadParameters}. */
  public static TrainableModel build(ModelConfig config, int vocabularySize) {
    return architecture(config.architecture()).create(config, vocabularySize);
  }

  /** The JSON form of a configuration, "architecture" first. */
  public static JsonObject toJson(ModelConfig config) {
    JsonObject json = new JsonObject();
    json.addProperty("architecture", config.architecture());
    for (Map.Entry<String, JsonElement> e : GSON.toJsonTree(config).getAsJsonObject().entrySet())
      json.add(e.getKey(), e.getValue());
    return json;
  }

  /** Parses a configuration from JSON text; {@code source} names it in messages. */
  public static ModelConfig fromJson(String json) {
    return fromJson(StrictJson.parse(json, "model configuration"));
  }

  /** Reads a configuration embedded in another document (no positions: errors name the JSON path). */
  public static ModelConfig fromJson(JsonObject json) {
    return fromJson(StrictJson.fromGson(json, "model configuration"));
  }

  /**
   * Reads a configuration strictly: "architecture" names it, other keys override its defaults.
   *
   * @throws UserError (a {@link JsonError} at file:line:col where the tree has positions) for an
   *     unknown architecture or key, a value of the wrong type, or a value out of range
   */
  public static ModelConfig fromJson(JsonNode json) {
    if (!(json instanceof JsonNode.Obj o))
      throw new JsonError(json.at(), "a model configuration must be an object, not " + json.describe());
    JsonNode.Member name = o.members().get("architecture");
    if (name == null || !(name.value() instanceof JsonNode.Str s))
      throw new JsonError(o.at(), "model configuration has no \"architecture\" (one of " + String.join(", ", names()) + ")");
    Architecture<?> architecture = ARCHITECTURES.get(s.value());
    if (architecture == null)
      throw new JsonError(name.value().at(), "unknown architecture \"" + s.value() + "\" (known: " + String.join(", ", names()) + ")");
    Map<String, JsonNode.Member> rest = new LinkedHashMap<>(o.members());
    rest.remove("architecture");
    ModelConfig config;
    try {
      config = bind(new JsonNode.Obj(o.at(), rest), architecture);
    } catch (JsonError e) {
      // The configuration's own checks already name the architecture; say it once.
      String prefix = s.value() + ": ";
      throw new JsonError(e.location(), e.reason().startsWith(prefix) ? e.reason() : prefix + e.reason());
    }
    JsonNode.Member positions = StrictJson.currentKeys(o, architecture.configType()).members().get("maxPositions");
    if (config.maxPositions() != Integer.MAX_VALUE && config.maxPositions() > MAX_POSITIONS)
      throw new JsonError(positions == null ? o.at() : positions.value().at(), s.value() + ": maxPositions " + config.maxPositions()
          + " positions is more than the " + MAX_POSITIONS + " rulex allows (words have at most " + org.rulex.grammar.Language.MAX_WORD_LENGTH + " symbols)");
    if (config.parameterEstimate() > MAX_PARAMETERS)
      throw new JsonError(o.at(), String.format(java.util.Locale.ROOT, "%s: this configuration has about %.3g weights, more than the %.0f million rulex allows (see docs/configuration.md)",
          s.value(), config.parameterEstimate(), MAX_PARAMETERS / 1e6));
    return config;
  }

  /**
   * A model configuration object, whole or a partial override of one, with former keys under their
   * current names (see {@link StrictJson#currentKeys}); architecture names the record whose keys
   * apply (an override carries none of its own).
   */
  public static JsonNode.Obj currentKeys(JsonNode.Obj config, String architecture) {
    Architecture<?> a = ARCHITECTURES.get(architecture);
    return a == null ? config : StrictJson.currentKeys(config, a.configType());
  }

  private static <C extends ModelConfig> C bind(JsonNode.Obj json, Architecture<C> architecture) {
    return StrictJson.bind(json, architecture.configType(), architecture.defaults());
  }

  private static Architecture<?> architecture(String name) {
    Architecture<?> a = ARCHITECTURES.get(name);
    if (a == null)
      throw new UserError("unknown architecture \"" + name + "\" (known: " + String.join(", ", names()) + ")");
    return a;
  }
}
