package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;

class LanguageOverridesTest {
  private static final String BASE = """
      {"name": "t", "languages": ["ban", "anbn"], "models": ["lstm"], "seeds": [1],
       "data": {"train": 512, "val": 64, "test": 64, "minWordLength": 1, "maxWordLength": 30},
       "modelConfigs": {"lstm": {"architecture": "lstm", "layers": 1, "hidden": 64}},
       "training": {"steps": 400, "learningRate": 0.003},
       "trainingOverrides": {"lstm": {"learningRate": 0.01}},
       "decoding": {"greedy": true, "samples": 0, "temperature": 1.0, "maxSampledPrompts": 0},
       "learned": {"maxExcessLoss": 0.05, "minIdInLanguage": 0.9, "distributionWords": 512}
      """;

  private static Preset load(Path dir, String overrides) throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, BASE + overrides + "}");
    return Preset.load(f.toString());
  }

  @Test
  void languageOverridesApplyToTheirLanguageOnlyAndWinOverSharedSettings(@TempDir Path dir) throws Exception {
    Preset p = load(dir, """
        , "languageOverrides": {"ban": {"data": {"train": 4096, "maxWordLength": 16}, "training": {"steps": 3000, "learningRate": 0.001},
           "trainingOverrides": {"lstm": {"learningRate": 0.02}}, "modelConfigs": {"lstm": {"hidden": 32}}}}
        """);
    assertEquals(new Preset.Data(4096, 64, 64, 1, 16), p.dataFor("ban"));
    assertEquals(new Preset.Data(512, 64, 64, 1, 30), p.dataFor("anbn"));
    assertEquals(3000, p.trainingFor("ban", "lstm").get("steps").getAsInt());
    // the language's per-architecture override is the most specific setting, so it wins
    assertEquals(0.02, p.trainingFor("ban", "lstm").get("learningRate").getAsDouble());
    assertEquals(0.01, p.trainingFor("anbn", "lstm").get("learningRate").getAsDouble());
    assertEquals(400, p.trainingFor("anbn", "lstm").get("steps").getAsInt());
    assertEquals(32, p.modelConfigFor("ban", "lstm").get("hidden").getAsInt());
    assertEquals(64, p.modelConfigFor("anbn", "lstm").get("hidden").getAsInt());
    assertEquals(1, p.modelConfigFor("ban", "lstm").get("layers").getAsInt());
  }

  @Test
  void aPresetWithoutOverridesIsTheSharedSettings(@TempDir Path dir) throws Exception {
    Preset p = load(dir, "");
    assertEquals(p.data(), p.dataFor("ban"));
    assertEquals(p.trainingFor("lstm"), p.trainingFor("ban", "lstm"));
  }

  @Test
  void anOverrideForALanguageTheSweepDoesNotRunIsRefused(@TempDir Path dir) throws Exception {
    UserError e = assertThrows(UserError.class, () -> load(dir, ", \"languageOverrides\": {\"dyck\": {\"training\": {\"steps\": 10}}}"));
    assertTrue(e.getMessage().contains("dyck"), e.getMessage());
  }

  @Test
  void everyBuiltInPresetLoads() {
    for (String name : Preset.builtIn()) {
      Preset p = Preset.load(name);
      for (String l : p.languages()) for (String m : p.models()) assertTrue(p.trainingFor(l, m).has("steps"), name + " " + l + " " + m);
    }
  }
}
