package org.rulex.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.rulex.UserError;

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
    return a;
  }

  private static final Gson GSON = new Gson();

  private ModelZoo() {}

  /** Architecture names, in a stable order. */
  public static List<String> names() {
    return new ArrayList<>(ARCHITECTURES.keySet());
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

  /** Parses a configuration from JSON text. */
  public static ModelConfig fromJson(String json) {
    JsonElement element;
    try {
      element = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new UserError("model configuration is not valid JSON: " + e.getMessage());
    }
    if (!element.isJsonObject()) throw new UserError("model configuration must be a JSON object");
    return fromJson(element.getAsJsonObject());
  }

  /**
   * Reads a configuration: "architecture" names it, other fields override its defaults.
   *
   * @throws UserError for an unknown architecture or field, or a value out of range
   */
  public static ModelConfig fromJson(JsonObject json) {
    JsonElement name = json.get("architecture");
    if (name == null || !name.isJsonPrimitive())
      throw new UserError("model configuration has no \"architecture\" (one of " + String.join(", ", names()) + ")");
    Architecture<?> architecture = architecture(name.getAsString());
    JsonObject merged = GSON.toJsonTree(architecture.defaults()).getAsJsonObject();
    for (Map.Entry<String, JsonElement> e : json.entrySet()) {
      if (e.getKey().equals("architecture")) continue;
      if (!merged.has(e.getKey()))
        throw new UserError(
            name.getAsString() + ": unknown field \"" + e.getKey() + "\" (fields: " + String.join(", ", merged.keySet()) + ")");
      merged.add(e.getKey(), e.getValue());
    }
    try {
      return GSON.fromJson(merged, architecture.configType());
    } catch (RuntimeException e) {
      for (Throwable c = e; c != null; c = c.getCause()) if (c instanceof UserError u) throw u;
      throw new UserError(name.getAsString() + ": bad configuration " + json + ": " + e.getMessage());
    }
  }

  private static Architecture<?> architecture(String name) {
    Architecture<?> a = ARCHITECTURES.get(name);
    if (a == null)
      throw new UserError("unknown architecture \"" + name + "\" (known: " + String.join(", ", names()) + ")");
    return a;
  }
}
