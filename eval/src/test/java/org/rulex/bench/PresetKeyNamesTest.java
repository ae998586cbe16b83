package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.grammar.Languages;
import org.rulex.json.JsonError;
import org.rulex.model.ModelZoo;
import org.rulex.train.TrainConfig;

/**
 * The three lengths of a preset have three names (data.maxWordLength, a model's maxPositions,
 * training.sequenceLength); presets written with the former name maxLength for all three still
 * load, mean the same, and resume into a directory pinned with either spelling.
 */
class PresetKeyNamesTest {
  @TempDir Path tmp;

  private static final Pattern FORMER = Pattern.compile("\"(maxLength|minLength)\"");

  static String builtInText(String name) throws IOException {
    try (InputStream in = Preset.class.getResourceAsStream("/presets/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The same preset in the former names: every length key back to maxLength (and minLength). */
  static String inFormerNames(String json) {
    return json.replace("\"maxWordLength\"", "\"maxLength\"").replace("\"minWordLength\"", "\"minLength\"")
        .replace("\"maxPositions\"", "\"maxLength\"").replace("\"sequenceLength\"", "\"maxLength\"");
  }

  @Test
  void theShippedPresetsUseTheCurrentNamesOnly() throws IOException {
    for (String name : Preset.builtIn()) {
      String text = builtInText(name);
      assertFalse(FORMER.matcher(text).find(), name + " still writes a former key");
      assertTrue(text.contains("\"maxPositions\"") && text.contains("\"sequenceLength\""), name);
    }
  }

  @Test
  void aPresetInTheFormerNamesLoadsIntoTheSamePreset() throws IOException {
    for (String name : Preset.builtIn()) {
      String former = inFormerNames(builtInText(name));
      assertTrue(FORMER.matcher(former).find(), name);
      Path f = tmp.resolve(name + "-former.json");
      Files.writeString(f, former);
      Preset old = Preset.load(f.toString());
      Preset current = Preset.load(name);
      assertEquals(current.toJson(), old.toJson(), name);
      assertEquals(current.dataFor(current.languages().get(0)), old.dataFor(old.languages().get(0)), name);
      for (String l : current.languages())
        for (String m : current.models()) {
          assertEquals(TrainConfig.fromJson(current.trainingFor(l, m)), TrainConfig.fromJson(old.trainingFor(l, m)), name + " " + l + " " + m);
          assertEquals(ModelZoo.fromJson(current.modelConfigFor(l, m)), ModelZoo.fromJson(old.modelConfigFor(l, m)), name + " " + l + " " + m);
        }
    }
  }

  @Test
  void aLanguageOverrideInTheFormerNamesStillShortensItsWords() throws IOException {
    Path f = tmp.resolve("override.json");
    Files.writeString(f, BenchFixtures.PRESET.replace("\"decoding\"", "\"languageOverrides\": {\"anbn\": {\"data\": {\"maxLength\": 12}}}, \"decoding\""));
    Preset p = Preset.load(f.toString());
    assertEquals(12, p.dataFor("anbn").maxWordLength());
  }

  @Test
  void theFormerAndTheCurrentNameTogetherAreAnErrorAtTheFormerKey() throws IOException {
    String json = builtInText("quick").replace("\"maxWordLength\": 30", "\"maxWordLength\": 30,\n  \"maxLength\": 30");
    Path f = tmp.resolve("both.json");
    Files.writeString(f, json);
    JsonError e = assertThrows(JsonError.class, () -> Preset.load(f.toString()));
    assertEquals(f.toString(), e.location().source());
    assertEquals(8, e.location().line(), e.getMessage());
    assertTrue(e.getMessage().contains("both \"maxLength\" and \"maxWordLength\""), e.getMessage());
  }

  @Test
  void aPresetMayNameItsJsonSchemaForEditors() throws IOException {
    Path f = tmp.resolve("with-schema.json");
    Files.writeString(f, "{\"$schema\": \"../schemas/preset.schema.json\", " + builtInText("quick").strip().substring(1));
    assertEquals(Preset.load("quick").toJson(), Preset.load(f.toString()).toJson());
  }

  /** Every preset committed beside its results: results/RUN/preset.json, results/RUN/SUB/preset.json, results/RUN/presets/*.json. */
  static List<Path> committedPresets() throws IOException {
    Path results = Languages.home().resolve("results");
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(results, 3)) {
      files.filter(p -> p.getFileName().toString().equals("preset.json") || p.getParent().getFileName().toString().equals("presets"))
          .filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  @Test
  void everyCommittedPresetStillLoads() throws IOException {
    List<Path> presets = committedPresets();
    assertTrue(presets.size() >= 10, "found only " + presets);
    for (Path p : presets) {
      Preset preset = Preset.load(p.toString());
      assertFalse(preset.cells().isEmpty(), p.toString());
    }
  }

  @Test
  void aDirectoryPinnedInTheFormerNamesResumesUnderTheCurrentOnes() throws IOException {
    Path out = tmp.resolve("run");
    Files.createDirectories(out);
    String former = inFormerNames(builtInText("quick"));
    Files.writeString(out.resolve(BenchRunner.PRESET_FILE), former);
    BenchRunner.pinPreset(out, Preset.load("quick"));
    assertEquals(former, Files.readString(out.resolve(BenchRunner.PRESET_FILE)), "the pinned file is left as it was");
    UserError e = assertThrows(UserError.class, () -> BenchRunner.pinPreset(out, Preset.load("standard")));
    assertTrue(e.getMessage().contains("different preset"), e.getMessage());
  }

  @Test
  void aPinnedPresetThatDiffersInOneLengthIsStillAnotherPreset() throws IOException {
    Path out = tmp.resolve("run");
    Files.createDirectories(out);
    Files.writeString(out.resolve(BenchRunner.PRESET_FILE), inFormerNames(builtInText("quick")).replace("\"maxLength\": 30", "\"maxLength\": 29"));
    assertThrows(UserError.class, () -> BenchRunner.pinPreset(out, Preset.load("quick")));
  }
}
