package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rulex.bench.Preset;
import org.rulex.grammar.LanguageSpec;
import org.rulex.grammar.Languages;
import org.rulex.json.FormerKey;
import org.rulex.json.RecordSchema;
import org.rulex.model.ModelZoo;
import org.rulex.result.CellResult;
import org.rulex.suite.hijack.HijackSpec;
import org.rulex.train.TrainConfig;

/**
 * schemas/ holds the JSON Schemas derived from the records rulex reads; every committed preset,
 * suite spec, language.json and cell result validates against them, and a schema's property
 * names are its record's component names (and former names), so schema and reader cannot drift.
 */
class SchemasTest {
  private static final Path HOME = Languages.home();
  private static final Path SCHEMAS = HOME.resolve("schemas");

  @Test
  void theCommittedSchemasAreTheOnesTheRecordsGive() throws IOException {
    Map<String, String> generated = JsonSchemas.all();
    Set<String> committed = new TreeSet<>();
    try (Stream<Path> files = Files.list(SCHEMAS)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json")).forEach(committed::add);
    }
    assertEquals(new TreeSet<>(generated.keySet()), committed, "regenerate with ./rulex docs schemas schemas");
    for (Map.Entry<String, String> e : generated.entrySet())
      assertEquals(e.getValue(), Files.readString(SCHEMAS.resolve(e.getKey())), e.getKey() + " differs: regenerate with ./rulex docs schemas schemas");
  }

  /** The property names a record's definition lists: its components and their former keys. */
  private static Set<String> expectedNames(Class<?> record) {
    Set<String> names = new TreeSet<>();
    for (RecordComponent c : record.getRecordComponents()) {
      names.add(c.getName());
      FormerKey f = c.getAnnotation(FormerKey.class);
      if (f != null) names.add(f.value());
    }
    return names;
  }

  private static Set<String> propertyNames(JsonObject schema, String def) {
    JsonObject d = schema.getAsJsonObject("$defs").getAsJsonObject(def);
    return new TreeSet<>(d.getAsJsonObject("properties").keySet());
  }

  @Test
  void everyDefinitionsPropertiesAreItsRecordsComponents() {
    JsonObject preset = JsonSchemas.preset();
    assertEquals(expectedNames(Preset.Data.class), propertyNames(preset, "Preset.Data"));
    assertEquals(expectedNames(TrainConfig.class), propertyNames(preset, "TrainConfig"));
    assertTrue(propertyNames(preset, "TrainConfig").containsAll(List.of("sequenceLength", "maxLength")));
    for (String arch : ModelZoo.names()) {
      Set<String> names = expectedNames(ModelZoo.configType(arch));
      names.add("architecture");
      assertEquals(names, propertyNames(preset, "model." + arch), arch);
    }
    Set<String> root = new TreeSet<>(expectedNames(Preset.class));
    root.add("$schema");
    assertEquals(root, new TreeSet<>(preset.getAsJsonObject("properties").keySet()));
    Set<String> language = new TreeSet<>(expectedNames(LanguageSpec.class));
    language.add("$schema");
    assertEquals(language, new TreeSet<>(JsonSchemas.language().getAsJsonObject("properties").keySet()));
    Set<String> hijack = new TreeSet<>(expectedNames(HijackSpec.class));
    hijack.add("$schema");
    assertEquals(hijack, propertyNames(JsonSchemas.suiteSpec(), "HijackSpec"));
    Set<String> cell = new TreeSet<>(expectedNames(CellResult.class));
    cell.add("$schema");
    assertEquals(cell, new TreeSet<>(JsonSchemas.cellResult().getAsJsonObject("properties").keySet()));
  }

  private static Schema schema(String file) throws IOException {
    String text = Files.readString(SCHEMAS.resolve(file));
    String id = JsonParser.parseString(text).getAsJsonObject().get("$id").getAsString();
    SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getDraft202012(), b -> b.schemas(Map.of(id, text)));
    return registry.getSchema(SchemaLocation.of(id));
  }

  private static List<Path> files(Path dir, int depth, java.util.function.Predicate<Path> keep) throws IOException {
    try (Stream<Path> s = Files.walk(dir, depth)) {
      return s.filter(Files::isRegularFile).filter(keep).sorted().toList();
    }
  }

  /** Each file's errors; an empty map when every file validates. */
  private static Map<String, List<Error>> invalid(Schema schema, List<Path> files) throws IOException {
    Map<String, List<Error>> out = new LinkedHashMap<>();
    for (Path f : files) {
      List<Error> errors = schema.validate(Files.readString(f), InputFormat.JSON);
      if (!errors.isEmpty()) out.put(HOME.relativize(f).toString(), errors);
    }
    return out;
  }

  @Test
  void everyCommittedPresetValidates() throws IOException {
    List<Path> presets = new ArrayList<>(files(HOME.resolve("eval/src/main/resources/presets"), 1, p -> p.toString().endsWith(".json")));
    presets.addAll(files(HOME.resolve("results"), 3,
        p -> p.getFileName().toString().equals("preset.json") || p.getParent().getFileName().toString().equals("presets")));
    assertTrue(presets.size() >= 20, "found " + presets.size());
    assertEquals(Map.of(), invalid(schema("preset.schema.json"), presets));
  }

  @Test
  void everyCommittedSuiteSpecValidates() throws IOException {
    List<Path> specs = new ArrayList<>(files(HOME.resolve("suites/src/main/resources/suites"), 1, p -> p.toString().endsWith(".json")));
    specs.addAll(files(HOME.resolve("results"), 2, p -> p.getFileName().toString().equals("spec.json")));
    assertTrue(specs.size() >= 6, "found " + specs.size());
    assertEquals(Map.of(), invalid(schema("suite-spec.schema.json"), specs));
  }

  @Test
  void everyLanguageJsonValidates() throws IOException {
    List<Path> languages = files(HOME.resolve("grammars"), 2, p -> p.getFileName().toString().equals("language.json"));
    assertTrue(languages.size() >= 8, "found " + languages.size());
    assertEquals(Map.of(), invalid(schema("language.schema.json"), languages));
  }

  @Test
  void everyCommittedResultValidatesOnceUpgraded() throws IOException {
    Schema cells = schema("cell-result.schema.json");
    List<Path> files = files(HOME.resolve("results"), 4, p -> p.getParent().getFileName().toString().equals("cells") && p.toString().endsWith(".json"));
    assertTrue(files.size() >= 400, "found " + files.size());
    Map<String, List<Error>> bad = new LinkedHashMap<>();
    for (Path f : files) {
      // The schema describes today's version: an older file is upgraded (and re-written) first, as rulex reads it.
      String upgraded = org.rulex.result.Results.toJson(org.rulex.result.Results.fromJson(Files.readString(f), f.toString()));
      List<Error> errors = cells.validate(upgraded, InputFormat.JSON);
      if (!errors.isEmpty()) bad.put(f.toString(), errors);
    }
    assertEquals(Map.of(), bad);
  }

  @Test
  void aMistakeInAPresetIsCaughtByTheSchema() throws IOException {
    Schema presets = schema("preset.schema.json");
    String quick = Files.readString(HOME.resolve("eval/src/main/resources/presets/quick.json"));
    assertEquals(List.of(), presets.validate(quick, InputFormat.JSON));
    assertFalse(presets.validate(quick.replace("\"maxWordLength\": 30", "\"maxWordLength\": 30, \"maxLength\": 30"), InputFormat.JSON).isEmpty(),
        "both a former and a current name");
    assertFalse(presets.validate(quick.replace("\"steps\":", "\"stepz\":"), InputFormat.JSON).isEmpty(), "an unknown key");
    assertFalse(presets.validate(quick.replace("\"dModel\": 32", "\"dModel\": \"32\""), InputFormat.JSON).isEmpty(), "a wrong type");
    assertFalse(presets.validate(quick.replace("\"architecture\": \"lstm\"", "\"architecture\": \"gru\""), InputFormat.JSON).isEmpty(), "an unknown architecture");
    assertEquals(List.of(), presets.validate("{\"$schema\": \"../schemas/preset.schema.json\", " + quick.strip().substring(1), InputFormat.JSON));
  }
}
