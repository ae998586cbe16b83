package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.grammar.Languages;
import org.rulex.report.Report;
import org.rulex.report.ResultsTable;
import org.rulex.result.CellResult;
import org.rulex.result.Results;

/**
 * A bench cell of a process model is the cell of the in-process model it computes: the fake
 * process answering the uniform (stop-at-once) baseline's distribution scores exactly what the
 * uniform (stop-at-once) cell scores, greedy and sampled, and its result says where it came from.
 */
class ExternalModelCellTest {
  @TempDir Path tmp;

  /** anbn with both baselines in process and their fakes as process models; greedy and sampled. */
  static String preset(String language) {
    Vocabularies v = new Vocabularies(language);
    JsonObject p = JsonParser.parseString("""
        {
          "name": "external",
          "description": "process models beside the baselines they compute",
          "languages": ["%s"],
          "models": ["uniform", "stop-at-once", "fake-uniform", "fake-stop"],
          "seeds": [1],
          "data": {"train": 16, "val": 8, "test": 8, "minLength": 1, "maxLength": 12},
          "modelConfigs": {"uniform": {"architecture": "uniform"}, "stop-at-once": {"architecture": "stop-at-once"}},
          "training": {"steps": 1, "batchSize": 4, "maxLength": 16},
          "decoding": {"greedy": true, "samples": 4, "temperature": 1.0, "maxSampledPrompts": 16},
          "learned": {"maxExcessLoss": 0.05, "minIdInLanguage": 0.9, "distributionWords": 64}
        }
        """.formatted(language)).getAsJsonObject();
    JsonObject external = new JsonObject();
    external.add("fake-uniform", process(v.fake("uniform")));
    external.add("fake-stop", process(v.fake("stop-at-once")));
    p.add("externalModels", external);
    return p.toString();
  }

  record Vocabularies(String language) {
    List<String> fake(String mode) {
      return ProcessModelProtocolTest.fake(mode, Languages.standard().get(language).vocabulary());
    }
  }

  static JsonObject process(List<String> command) {
    JsonObject o = new JsonObject();
    JsonArray c = new JsonArray();
    command.forEach(c::add);
    o.add("command", c);
    o.addProperty("timeoutSeconds", 30);
    return o;
  }

  @Test
  void aProcessModelsCellScoresWhatTheBaselineItComputesScores() throws IOException {
    Path file = BenchFixtures.presetFile(tmp, preset("anbn"));
    Preset preset = Preset.load(file.toString());
    Path out = tmp.resolve("out");
    ExternalModel.checkAll(preset, Languages.standard());
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CellRunner runner = new CellRunner(preset, out, new PrintStream(sink, true, StandardCharsets.UTF_8));
    Map<String, CellResult> byModel = new HashMap<>();
    for (Cell c : preset.cells()) byModel.put(c.model(), runner.run(c));
    Gson gson = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create();
    for (String[] pair : new String[][] {{"uniform", "fake-uniform"}, {"stop-at-once", "fake-stop"}}) {
      CellResult base = byModel.get(pair[0]);
      CellResult fake = byModel.get(pair[1]);
      assertFalse(base.promptSets().isEmpty());
      assertEquals(2, base.evaluation().decodings().size(), "greedy and sampled");
      assertEquals(gson.toJson(base.promptSets()), gson.toJson(fake.promptSets()), pair[1] + " scores what " + pair[0] + " scores");
      assertEquals(base.test().loss(), fake.test().loss(), 1e-5, "test loss");
      assertEquals(base.convergence().distributionLoss(), fake.convergence().distributionLoss(), 1e-5);
      assertEquals(base.convergence().learned(), fake.convergence().learned());
      assertEquals(base.convergence().verdict().replaceAll("[0-9.]+", "#"), fake.convergence().verdict().replaceAll("[0-9.]+", "#"));
      assertEquals(0, fake.checkpointStep());
      assertTrue(fake.trainingCurve().isEmpty(), "nothing trained");
      assertNull(base.origin());
      assertEquals("process", fake.origin().kind());
      assertEquals("rulex.process/1", fake.origin().protocol());
      assertEquals("fake " + (pair[1].equals("fake-uniform") ? "uniform" : "stop-at-once") + " 1.0", fake.origin().model());
      assertTrue(fake.origin().command().contains(FakeProcessModel.class.getName()));
    }
    assertFalse(Files.exists(out.resolve("checkpoints").resolve("anbn__fake-uniform__s1")), "no training for an external model");

    // The result reads back with its origin, and the tables carry the external cells like any other.
    CellResult read = Results.fromJson(Files.readString(BenchRunner.resultFile(out, new Cell("anbn", "fake-uniform", 1))), "fake-uniform");
    assertEquals(byModel.get("fake-uniform").origin(), read.origin());
    List<CellResult> all = List.copyOf(byModel.values());
    List<String> rows = ResultsTable.csv(all).lines().toList();

    long fakeRows = rows.stream().filter(r -> r.contains(",fake-uniform,")).count();
    assertEquals(rows.stream().filter(r -> r.contains(",uniform,")).count(), fakeRows);
    assertTrue(fakeRows > 0);
    String command = String.join(" ", byModel.get("fake-uniform").origin().command());
    assertTrue(rows.stream().filter(r -> r.contains(",fake-uniform,")).allMatch(r -> r.endsWith(",process," + command + ",,fake uniform 1.0")), rows.get(1));
    assertTrue(rows.stream().filter(r -> r.contains(",uniform,")).allMatch(r -> r.endsWith(",bench,,,")), "a trained cell's origin is the bench");
    String md = Report.markdown(all);
    assertTrue(md.contains("fake-uniform") && md.contains("fake-stop"), "the report lists the external cells");
    assertTrue(md.contains("| model from |") && md.contains("| trained by the bench |") && md.contains("(fake uniform 1.0) |"), "the cells table says where each model came from");
    assertFalse(Report.markdown(List.of(byModel.get("uniform"))).contains("model from"), "a report without external models has no such column");
  }

  @Test
  void aTorchScriptModelPerSeedIsFoundByItsPatternAndItsCellsRecordEachFile() throws IOException {
    // The committed TorchScript fixture (vocabulary a, b; 16 learned positions), one copy per seed.
    Path tiny = Languages.home().resolve("models/src/test/resources/torchscript/tiny.pt");
    for (int seed : new int[] {1, 2}) Files.copy(tiny, tmp.resolve("anbn-s" + seed + ".pt"));
    JsonObject p = JsonParser.parseString(preset("anbn")).getAsJsonObject();
    p.add("models", JsonParser.parseString("[\"mine\"]"));
    p.add("seeds", JsonParser.parseString("[1, 2]"));
    JsonObject mine = new JsonObject();
    mine.addProperty("torchscript", tmp + "/{language}-s{seed}.pt");
    mine.addProperty("maxPositions", 16);
    JsonObject external = new JsonObject();
    external.add("mine", mine);
    p.add("externalModels", external);
    p.add("modelConfigs", new JsonObject());
    Preset preset = Preset.load(BenchFixtures.presetFile(tmp.resolve("preset"), p.toString()).toString());
    ExternalModel.checkAll(preset, Languages.standard());
    CellRunner runner = new CellRunner(preset, tmp.resolve("out"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    for (Cell c : preset.cells()) {
      CellResult r = runner.run(c);
      Path file = tmp.resolve("anbn-s" + c.seed() + ".pt");
      assertEquals(new CellResult.Origin("torchscript", file.toString(), org.rulex.Sha256.of(tiny), null, null, null), r.origin());
      assertEquals(0, r.checkpointStep());
      assertFalse(r.promptSets().isEmpty());
      assertTrue(Double.isFinite(r.test().loss()));
      assertNotNull(r.convergence().verdict());
    }
    // A model with fewer positions than the words need is refused before any cell.
    mine.addProperty("maxPositions", 8);
    Preset tooShort = Preset.load(BenchFixtures.presetFile(tmp.resolve("short"), p.toString()).toString());
    UserError e = assertThrows(UserError.class, () -> ExternalModel.checkAll(tooShort, Languages.standard()));
    assertTrue(e.getMessage().contains("external model \"mine\" reads at most 8 tokens, but anbn's words have up to 12 symbols here, 13 tokens"), e.getMessage());
  }

  @Test
  void aPresetNamingAnExternalModelWithATrainingOverrideOrAConfigIsRefused() throws IOException {
    JsonObject p = JsonParser.parseString(preset("anbn")).getAsJsonObject();
    JsonObject overrides = new JsonObject();
    overrides.add("fake-uniform", JsonParser.parseString("{\"steps\": 3}"));
    p.add("trainingOverrides", overrides);
    UserError e = assertThrows(UserError.class, () -> Preset.load(BenchFixtures.presetFile(tmp.resolve("a"), p.toString()).toString()));
    assertTrue(e.getMessage().contains("\"fake-uniform\" is an external model: the bench does not train it"), e.getMessage());

    JsonObject q = JsonParser.parseString(preset("anbn")).getAsJsonObject();
    q.getAsJsonObject("externalModels").add("fake-uniform", JsonParser.parseString("{\"torchscript\": \"m-{lang}.pt\"}"));
    e = assertThrows(UserError.class, () -> Preset.load(BenchFixtures.presetFile(tmp.resolve("b"), q.toString()).toString()));
    assertTrue(e.getMessage().contains("has the placeholder {lang}; the placeholders are {language} and {seed}"), e.getMessage());

    JsonObject r = JsonParser.parseString(preset("anbn")).getAsJsonObject();
    r.getAsJsonObject("externalModels").add("fake-uniform", JsonParser.parseString("{\"torchscript\": \"m.pt\", \"command\": [\"x\"]}"));
    e = assertThrows(UserError.class, () -> Preset.load(BenchFixtures.presetFile(tmp.resolve("c"), r.toString()).toString()));
    assertTrue(e.getMessage().contains("needs exactly one of \"torchscript\" (a file) and \"command\""), e.getMessage());
  }

  @Test
  void aMissingTorchScriptFileStopsTheSweepBeforeAnyCell() throws IOException {
    JsonObject p = JsonParser.parseString(preset("anbn")).getAsJsonObject();
    p.getAsJsonObject("externalModels").add("fake-uniform", JsonParser.parseString("{\"torchscript\": \"" + tmp + "/{language}-s{seed}.pt\"}"));
    Preset preset = Preset.load(BenchFixtures.presetFile(tmp, p.toString()).toString());
    UserError e = assertThrows(UserError.class, () -> ExternalModel.checkAll(preset, Languages.standard()));
    assertTrue(e.getMessage().contains("external model \"fake-uniform\": " + tmp + "/anbn-s1.pt: no such TorchScript file"), e.getMessage());
    assertNotNull(preset.external("fake-uniform"));
  }
}
