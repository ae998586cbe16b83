package org.rulex.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rulex.decode.DecodingSettings;
import org.rulex.bench.Preset;
import org.rulex.grammar.LanguageSpec;
import org.rulex.json.RecordSchema;
import org.rulex.model.ModelZoo;
import org.rulex.result.CellResult;
import org.rulex.suite.SuiteRunner;
import org.rulex.suite.diversity.DiversitySpec;
import org.rulex.suite.diversity.MarkovResult;
import org.rulex.suite.diversity.MarkovSpec;
import org.rulex.suite.diversity.RegressionResult;
import org.rulex.suite.hijack.HijackResult;
import org.rulex.suite.hijack.HijackSpec;
import org.rulex.suite.rules.InContextResult;
import org.rulex.suite.rules.ReferenceResult;
import org.rulex.suite.rules.InWeightsResult;
import org.rulex.suite.rules.RulesSuite;
import org.rulex.train.TrainConfig;

/**
 * The JSON Schemas of the files rulex reads, derived from the records they bind to
 * ({@link RecordSchema}), for schemas/ in the repository: editors complete and check a file that
 * names its schema in "$schema", and SchemasTest keeps the committed files equal to these.
 */
final class JsonSchemas {
  private JsonSchemas() {}

  /** Where the schemas are published: their "$id"s, relative to the repository. */
  static final String BASE = "https://rulex.invalid/schemas/";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /** File name -> schema text, in a stable order. */
  static Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("language.schema.json", GSON.toJson(language()) + "\n");
    out.put("preset.schema.json", GSON.toJson(preset()) + "\n");
    out.put("suite-spec.schema.json", GSON.toJson(suiteSpec()) + "\n");
    out.put("cell-result.schema.json", GSON.toJson(cellResult()) + "\n");
    out.put("suite-unit.schema.json", GSON.toJson(suiteUnit()) + "\n");
    return out;
  }

  /** The components of rulex's records that hold JSON another reader interprets, and what they are. */
  private static JsonObject refine(Class<?> record, RecordComponent c, RecordSchema s) {
    String at = record.getSimpleName() + "." + c.getName();
    return switch (at) {
      case "Preset.modelConfigs", "HijackSpec.models", "MarkovSpec.architectures", "RulesSpec.models" -> mapOf(modelConfig(s));
      case "Preset.training", "LanguageOverride.training" -> s.ref(TrainConfig.class);
      case "Preset.trainingOverrides", "LanguageOverride.trainingOverrides" -> mapOf(s.ref(TrainConfig.class));
      case "LanguageOverride.data" -> partial(s, Preset.Data.class);
      case "LanguageOverride.modelConfigs" -> mapOf(described("fields laid over this model's configuration"));
      case "Config.modelConfig", "HijackResult.config", "MarkovResult.model", "InContextResult.modelConfig", "InWeightsResult.modelConfig" ->
          RecordSchema.nullable(modelConfig(s), true);
      case "Config.training" -> RecordSchema.nullable(s.ref(TrainConfig.class), true);
      default -> null;
    };
  }

  private static JsonObject described(String text) {
    JsonObject o = new JsonObject();
    o.addProperty("type", "object");
    o.addProperty("description", text);
    return o;
  }

  private static JsonObject mapOf(JsonObject values) {
    JsonObject o = new JsonObject();
    o.addProperty("type", "object");
    o.add("additionalProperties", values);
    return o;
  }

  /** A record's schema with nothing required: a partial object laid over a whole one. */
  private static JsonObject partial(RecordSchema s, Class<?> record) {
    String name = RecordSchema.defName(record) + ".partial";
    s.define(name, s.recordSchema(record, false));
    return RecordSchema.refTo(name);
  }

  /** A model configuration: one of the zoo's architectures, named by "architecture". */
  private static JsonObject modelConfig(RecordSchema s) {
    JsonArray oneOf = new JsonArray();
    for (String name : ModelZoo.names()) {
      JsonObject arch = s.recordSchema(ModelZoo.configType(name), false);
      JsonObject properties = new JsonObject();
      JsonObject constant = new JsonObject();
      constant.addProperty("const", name);
      properties.add("architecture", constant);
      arch.getAsJsonObject("properties").entrySet().forEach(e -> properties.add(e.getKey(), e.getValue()));
      arch.add("properties", properties);
      JsonArray required = new JsonArray();
      required.add("architecture");
      arch.add("required", required);
      s.define("model." + name, arch);
      oneOf.add(RecordSchema.refTo("model." + name));
    }
    JsonObject o = new JsonObject();
    o.add("oneOf", oneOf);
    s.define("ModelConfig", o);
    return RecordSchema.refTo("ModelConfig");
  }

  /** The root: a record's object, with "$schema" allowed for editors. */
  private static JsonObject root(RecordSchema s, Class<?> record, boolean required) {
    JsonObject o = s.recordSchema(record, required);
    JsonObject schemaKey = new JsonObject();
    schemaKey.addProperty("type", "string");
    schemaKey.addProperty("description", "the JSON Schema this file follows, for editors; rulex ignores it");
    JsonObject properties = new JsonObject();
    properties.add("$schema", schemaKey);
    o.getAsJsonObject("properties").entrySet().forEach(e -> properties.add(e.getKey(), e.getValue()));
    o.add("properties", properties);
    return o;
  }

  static JsonObject language() {
    RecordSchema s = new RecordSchema(JsonSchemas::refine, Set.of(), false);
    return s.document(BASE + "language.schema.json", "rulex language.json", root(s, LanguageSpec.class, false));
  }

  static JsonObject preset() {
    RecordSchema s = new RecordSchema(JsonSchemas::refine, Set.of(Preset.Data.class, DecodingSettings.class, Preset.Learned.class), false);
    JsonObject root = root(s, Preset.class, false);
    JsonArray required = new JsonArray();
    for (String key : List.of("name", "languages", "models", "seeds", "data", "modelConfigs", "decoding", "learned")) required.add(key);
    root.add("required", required);
    return s.document(BASE + "preset.schema.json", "rulex preset", root);
  }

  static JsonObject suiteSpec() {
    RecordSchema s = new RecordSchema(JsonSchemas::refine, Set.of(), false);
    JsonObject root = new JsonObject();
    root.addProperty("type", "object");
    JsonObject suite = new JsonObject();
    JsonArray names = new JsonArray();
    JsonArray cases = new JsonArray();
    Map<String, Class<?>> specs = new LinkedHashMap<>();
    specs.put("hijack", HijackSpec.class);
    specs.put("diversity", DiversitySpec.class);
    specs.put("rules", RulesSuite.specType());
    for (Map.Entry<String, Class<?>> e : specs.entrySet()) {
      names.add(e.getKey());
      JsonObject when = new JsonObject();
      JsonObject whenProps = new JsonObject();
      JsonObject constant = new JsonObject();
      constant.addProperty("const", e.getKey());
      whenProps.add("suite", constant);
      when.add("properties", whenProps);
      JsonObject c = new JsonObject();
      c.add("if", when);
      String name = RecordSchema.defName(e.getValue());
      s.define(name, root(s, e.getValue(), false));
      c.add("then", RecordSchema.refTo(name));
      cases.add(c);
    }
    suite.add("enum", names);
    JsonObject properties = new JsonObject();
    properties.add("suite", suite);
    root.add("properties", properties);
    JsonArray required = new JsonArray();
    required.add("suite");
    root.add("required", required);
    root.add("allOf", cases);
    s.ref(MarkovSpec.class);
    return s.document(BASE + "suite-spec.schema.json", "rulex suite spec", root);
  }

  static JsonObject cellResult() {
    RecordSchema s = new RecordSchema(JsonSchemas::refine, Set.of(), true);
    JsonObject root = root(s, CellResult.class, false);
    JsonObject schema = new JsonObject();
    schema.addProperty("const", CellResult.SCHEMA);
    root.getAsJsonObject("properties").add("schema", schema);
    return s.document(BASE + "cell-result.schema.json", "rulex bench cell result (" + CellResult.SCHEMA + ")", root);
  }

  static JsonObject suiteUnit() {
    RecordSchema s = new RecordSchema(JsonSchemas::refine, Set.of(), true);
    JsonObject root = root(s, SuiteRunner.UnitFile.class, false);
    JsonArray anyOf = new JsonArray();
    for (Class<?> r : List.of(HijackResult.class, MarkovResult.class, RegressionResult.class, InContextResult.class, InWeightsResult.class,
        ReferenceResult.class))
      anyOf.add(s.ref(r));
    JsonObject result = new JsonObject();
    result.add("anyOf", anyOf);
    root.getAsJsonObject("properties").add("result", result);
    return s.document(BASE + "suite-unit.schema.json", "rulex suite unit file", root);
  }
}
