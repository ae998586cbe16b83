package org.rulex.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.json.StrictJson;
import org.rulex.model.ModelZoo;

/** Run configurations and model cards are read strictly: a wrong type is an error, never a rounding. */
class StrictConfigsTest {
  @Test
  void aFractionalBatchSizeIsRefusedNotTruncated() {
    UserError e = assertThrows(UserError.class, () -> TrainConfig.fromJson("{\"batchSize\": 16.7}"));
    assertEquals("training configuration:1:15: \"batchSize\" must be a whole number, not the number 16.7", e.getMessage());
  }

  @Test
  void aWordForANumberOfLayersIsAUserErrorNamingTheArchitecture() {
    UserError e = assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"lstm\", \"layers\": \"two\"}"));
    assertEquals("model configuration:1:36: lstm: \"layers\" must be a whole number, not the string \"two\"", e.getMessage());
  }

  @Test
  void anEmbeddedConfigurationNamesItsJsonPath() {
    JsonObject o = new JsonObject();
    o.addProperty("architecture", "transformer");
    o.addProperty("dropuot", 0.1);
    UserError e = assertThrows(UserError.class, () -> ModelZoo.fromJson(o));
    assertTrue(e.getMessage().startsWith("model configuration ($.dropuot): transformer: unknown key \"dropuot\""), e.getMessage());
  }

  @Test
  void aTrainingFileIsLocatedAtItsLineAndColumn(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("training.json");
    Files.writeString(f, "{\n  \"steps\": 10,\n  \"patience\": true\n}\n");
    JsonError e = assertThrows(JsonError.class, () -> TrainConfig.fromJson(StrictJson.read(f)));
    assertEquals(f + ":3:15: \"patience\" must be a whole number, not true", e.getMessage());
  }

  @Test
  void keysLeftOutKeepTheDefaults() {
    assertEquals(TrainConfig.DEFAULTS.withSteps(7), TrainConfig.fromJson("{\"steps\": 7}"));
  }

  @Test
  void aTruncatedModelCardIsDamage(@TempDir Path tmp) throws IOException {
    Path zoo = Path.of(System.getProperty("rulex.home")).resolve("models/zoo/anbn-tiny");
    Path copy = tmp.resolve("ckpt");
    Files.createDirectories(copy);
    String card = Files.readString(zoo.resolve(Checkpoint.CARD));
    Files.writeString(copy.resolve(Checkpoint.CARD), card.substring(0, card.length() / 2));
    UserError e = assertThrows(UserError.class, () -> Checkpoint.readCard(copy));
    assertTrue(e.getMessage().contains("damaged model card: invalid JSON"), e.getMessage());
    assertTrue(e.getMessage().startsWith(copy.resolve(Checkpoint.CARD) + ":"), e.getMessage());
  }
}
