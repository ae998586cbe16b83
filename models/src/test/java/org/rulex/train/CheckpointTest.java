package org.rulex.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.Sha256;
import org.rulex.RulexVersion;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.ManagedTest;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TinyModels;
import org.rulex.model.TrainableModel;
import org.rulex.model.WindowLinear;

class CheckpointTest extends ManagedTest {
  private static final Vocabulary AB = new Vocabulary(List.of("a", "b"));
  private static final Checkpoint.Expected EXPECTED = new Checkpoint.Expected(AB, "anbn", "g1");

  @TempDir Path tmp;
  private static ModelCard card(TrainableModel model) {
    return new ModelCard(
        ModelCard.FORMAT, ModelZoo.toJson(model.config()), AB.symbols(), "anbn", "g1", "d1", 3, 7,
        List.of(new ValidationPoint(7, 0.5, 0.6)), 7, 0.5, TrainConfig.DEFAULTS, model.parameterCount(), null,
        RulexVersion.VERSION, "0.35.0", "2.7.1");
  }

  private Path saved(ModelConfig config) throws IOException {
    TrainableModel model = ModelZoo.create(config, AB.size(), manager, 1);
    Path dir = tmp.resolve("ckpt");
    Checkpoint.write(dir, model, card(model), null);
    return dir;
  }

  private float[] logits(TrainableModel model) {
    try (NDManager m = manager.newSubManager()) {
      return model.logits(m.create(new long[] {1, 3, 3, 4, 4, 2, 1, 4, 3, 0, 0, 0}, new Shape(2, 6)), false).toFloatArray();
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void savedAndLoadedModelGivesBitwiseTheSameLogits(ModelConfig config) throws IOException {
    TrainableModel model = ModelZoo.create(config, AB.size(), manager, 1);
    ModelCard written = Checkpoint.write(tmp.resolve("c"), model, card(model), null);
    Checkpoint.Loaded loaded = Checkpoint.load(tmp.resolve("c"), manager, EXPECTED);
    assertArrayEquals(logits(model), logits(loaded.model()));
    assertEquals(written, loaded.card());
    assertEquals(config, loaded.card().modelConfig());
    assertEquals(64, loaded.card().parametersSha256().length());
  }

  @Test
  void cardRecordsWhatReproductionNeeds() throws IOException {
    String json = Files.readString(saved(TinyModels.transformer(0)).resolve(Checkpoint.CARD));
    for (String field : List.of("\"architecture\": \"transformer\"", "\"vocabulary\"", "\"language\": \"anbn\"", "\"grammarHash\"",
        "\"datasetHash\"", "\"seed\"", "\"steps\"", "\"validation\"", "\"valLoss\"", "\"bestStep\"", "\"rulexVersion\"", "\"djlVersion\""))
      assertTrue(json.contains(field), field + " missing from " + json);
  }

  @Test
  void truncatedParametersAreReportedAsDamageNamingTheFile() throws IOException {
    Path dir = saved(TinyModels.transformer(0));
    Path params = dir.resolve(Checkpoint.PARAMETERS);
    byte[] bytes = Files.readAllBytes(params);
    Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
    UserError e = assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, EXPECTED));
    assertTrue(e.getMessage().contains(params.toString()) && e.getMessage().contains("damaged"), e.getMessage());
  }

  @Test
  void truncatedParametersWithAMatchingChecksumStillFailCleanly() throws IOException {
    // Someone "repaired" the card's checksum: the parser itself must then catch the truncation.
    Path dir = saved(TinyModels.transformer(0));
    Path params = dir.resolve(Checkpoint.PARAMETERS);
    byte[] cut = Arrays.copyOf(Files.readAllBytes(params), 300);
    Files.write(params, cut);
    Path cardFile = dir.resolve(Checkpoint.CARD);
    ModelCard card = Checkpoint.readCard(dir);
    Files.writeString(cardFile, Files.readString(cardFile).replace(card.parametersSha256(), Sha256.of(cut)));
    UserError e = assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, EXPECTED));
    assertTrue(e.getMessage().contains(params.toString()), e.getMessage());
  }

  @Test
  void parametersOfAnotherArchitectureAreRefused() throws IOException {
    Path dir = saved(new WindowLinear.Config(2));
    Path cardFile = dir.resolve(Checkpoint.CARD);
    // The card now claims a wider window than the parameters were made for.
    Files.writeString(cardFile, Files.readString(cardFile).replace("\"window\": 2", "\"window\": 3"));
    UserError e = assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, EXPECTED));
    assertTrue(e.getMessage().contains(dir.resolve(Checkpoint.PARAMETERS).toString()), e.getMessage());
  }

  @Test
  void badJsonMissingFilesAndMissingFieldsAreUserErrors() throws IOException {
    Path dir = saved(TinyModels.transformer(0));
    Path cardFile = dir.resolve(Checkpoint.CARD);
    String good = Files.readString(cardFile);
    Files.writeString(cardFile, good.substring(0, good.length() / 2));
    UserError bad = assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, EXPECTED));
    assertTrue(bad.getMessage().contains(cardFile.toString()), bad.getMessage());

    Files.writeString(cardFile, good.replaceFirst("\"vocabulary\"", "\"vocabularyX\""));
    UserError missingField = assertThrows(UserError.class, () -> Checkpoint.readCard(dir));
    assertTrue(missingField.getMessage().contains("vocabulary"), missingField.getMessage());

    Files.writeString(cardFile, good);
    Files.delete(dir.resolve(Checkpoint.PARAMETERS));
    UserError noParams = assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, EXPECTED));
    assertTrue(noParams.getMessage().contains(Checkpoint.PARAMETERS), noParams.getMessage());

    UserError noDir = assertThrows(UserError.class, () -> Checkpoint.load(tmp.resolve("nothing"), manager, EXPECTED));
    assertTrue(noDir.getMessage().contains("nothing"), noDir.getMessage());
  }

  @Test
  void vocabularyLanguageAndGrammarMismatchesAreRefused() throws IOException {
    Path dir = saved(TinyModels.transformer(0));
    UserError vocab = assertThrows(UserError.class,
        () -> Checkpoint.load(dir, manager, new Checkpoint.Expected(new Vocabulary(List.of("a", "b", "c")), "anbn", "g1")));
    assertTrue(vocab.getMessage().contains(Checkpoint.CARD) && vocab.getMessage().contains("alphabet"), vocab.getMessage());
    assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, new Checkpoint.Expected(new Vocabulary(List.of("b", "a")), "anbn", "g1")));
    UserError language = assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, new Checkpoint.Expected(AB, "dyck", "g1")));
    assertTrue(language.getMessage().contains("dyck"), language.getMessage());
    UserError grammar = assertThrows(UserError.class, () -> Checkpoint.load(dir, manager, new Checkpoint.Expected(AB, "anbn", "g2")));
    assertTrue(grammar.getMessage().contains("g2"), grammar.getMessage());
    Checkpoint.load(dir, manager, new Checkpoint.Expected(AB, "anbn", null)); // no grammar hash to check
  }

  @Test
  void replacementCutShortLeavesTheOldCheckpointReadable() throws IOException {
    Path dir = saved(TinyModels.transformer(0));
    ModelCard before = Checkpoint.readCard(dir);
    // A crash between the two renames: the old directory moved aside, the new one half written.
    Files.move(dir, tmp.resolve(".ckpt.old"));
    Path half = Files.createDirectory(tmp.resolve(".ckpt.tmp-123"));
    Files.writeString(half.resolve(Checkpoint.CARD), "{\"format\"");
    assertEquals(before, Checkpoint.readCard(dir));
    Checkpoint.load(dir, manager, EXPECTED);
    // The next write cleans up and leaves exactly one checkpoint.
    TrainableModel model = ModelZoo.create(TinyModels.transformer(0), AB.size(), manager, 2);
    Checkpoint.write(dir, model, card(model), new byte[] {1, 2, 3});
    assertTrue(Files.isDirectory(dir));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of("ckpt"), left.map(p -> p.getFileName().toString()).toList());
    }
    assertFalse(Checkpoint.readCard(dir).parametersSha256().equals(before.parametersSha256()));
    assertArrayEquals(new byte[] {1, 2, 3}, Checkpoint.readOptimizerState(dir));
  }
}
