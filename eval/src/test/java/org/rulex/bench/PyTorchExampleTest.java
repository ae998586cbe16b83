package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.Sha256;
import org.rulex.dataset.Dataset;
import org.rulex.dataset.DatasetWriter;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.result.CellResult;

/**
 * examples/pytorch end to end with a tiny model and few steps: the bench's data for a cell,
 * train.py on it (weights and TorchScript export), then the committed preset's two external
 * models benched: the export through DJL and serve.py through the process protocol. Both are the
 * same weights, so they must score the same. Runs where a python3 imports torch (Debian's
 * python3-torch); skipped, with the reason printed, where none does.
 */
@Tag("slow")
class PyTorchExampleTest {
  @TempDir Path tmp;

  private static final Gson EXACT = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create();

  /** The first of RULEX_PYTHON, python3 and /usr/bin/python3 that imports torch, or null. */
  static String pythonWithTorch() {
    List<String> candidates = new ArrayList<>();
    if (System.getenv("RULEX_PYTHON") != null) candidates.add(System.getenv("RULEX_PYTHON"));
    candidates.add("python3");
    candidates.add("/usr/bin/python3");
    for (String py : candidates) {
      try {
        Process p = new ProcessBuilder(py, "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
        p.destroyForcibly();
      } catch (IOException e) {
        // Not installed: try the next.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private static void run(Path log, String... command) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    b.environment().put("OMP_NUM_THREADS", "1"); // a tiny model trains fastest on one thread, and the machine is shared
    Process p = b.start();
    boolean done = p.waitFor(300, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + Files.readString(log));
  }

  @Test
  void runShGeneratesTheDataOfThePresetsCell() throws IOException {
    // train.py must see the words the bench's cell trains on: run.sh's `rulex generate` has the preset's sizes, lengths and seed.
    Path example = Languages.home().resolve("examples").resolve("pytorch");
    Preset preset = Preset.load(example.resolve("preset.json").toString());
    assertEquals(List.of("anbn"), preset.languages());
    assertEquals(List.of(1L), preset.seeds());
    Preset.Data d = preset.dataFor("anbn");
    String generate = "./rulex generate anbn --seed 1 --train " + d.train() + " --val " + d.val() + " --test " + d.test() + " --min-length " + d.minWordLength()
        + " --max-length " + d.maxWordLength() + " --out \"$out/anbn-s1/data\"";
    assertTrue(Files.readString(example.resolve("run.sh")).contains(generate), "run.sh runs: " + generate);
    assertTrue(preset.external("pytorch-torchscript").torchscript().startsWith("examples/pytorch/out/{language}-s{seed}/"));
    assertTrue(String.join(" ", preset.external("pytorch-process").command()).contains("examples/pytorch/out/{language}-s{seed}/weights.pt"));
  }

  @Test
  void theExampleTrainsExportsServesAndBenchesOneModelTwiceWithTheSameScores() throws Exception {
    String python = pythonWithTorch();
    if (python == null) {
      String reason = "PyTorchExampleTest skipped: no python3 here imports torch (Debian: apt-get install python3-torch; or set RULEX_PYTHON)";
      System.err.println(reason);
      Assumptions.abort(reason);
    }
    Path example = Languages.home().resolve("examples").resolve("pytorch");
    JsonObject p = JsonParser.parseString(Files.readString(example.resolve("preset.json"))).getAsJsonObject();
    assertNotNull(Preset.load(example.resolve("preset.json").toString()).external("pytorch-process"), "the committed preset loads");
    // The committed preset's two external models with their own commands, on less data, into tmp.
    p.add("models", new Gson().toJsonTree(List.of("pytorch-torchscript", "pytorch-process")));
    p.add("data", JsonParser.parseString("{\"train\": 32, \"val\": 8, \"test\": 8, \"minLength\": 1, \"maxLength\": 10}"));
    p.add("decoding", JsonParser.parseString("{\"greedy\": true, \"samples\": 2, \"temperature\": 1.0, \"maxSampledPrompts\": 8}"));
    p.getAsJsonObject("learned").addProperty("distributionWords", 32);
    JsonObject external = p.getAsJsonObject("externalModels");
    JsonObject ts = external.getAsJsonObject("pytorch-torchscript");
    ts.addProperty("torchscript", ts.get("torchscript").getAsString().replace("examples/pytorch/out", tmp.toString()));
    JsonArray cmd = external.getAsJsonObject("pytorch-process").getAsJsonArray("command");
    JsonArray local = new JsonArray();
    local.add(cmd.get(0).getAsString().equals("python3") ? python : cmd.get(0).getAsString());
    for (int i = 1; i < cmd.size(); i++)
      local.add(cmd.get(i).getAsString().replace("examples/pytorch/out", tmp.toString()).replace("examples/pytorch/", example + "/"));
    external.getAsJsonObject("pytorch-process").add("command", local);
    Preset preset = Preset.load(BenchFixtures.presetFile(tmp.resolve("preset"), p.toString()).toString());

    // What run.sh does with `rulex generate` (the same writer) and train.py.
    Language anbn = Languages.standard().get("anbn");
    Path trained = tmp.resolve("anbn-s1");
    Preset.Data d = preset.dataFor("anbn");
    DatasetWriter.write(anbn, new DatasetWriter.Options(d.train(), d.val(), d.test(), d.minWordLength(), d.maxWordLength(), 1), trained.resolve("data"), false);
    long tTrain = System.nanoTime();
    run(tmp.resolve("train.log"), python, example.resolve("train.py").toString(), trained.resolve("data").toString(), trained.toString(),
        "--steps", "30", "--width", "16", "--seed", "1");

    long t0 = System.nanoTime();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CellRunner runner = new CellRunner(preset, tmp.resolve("bench"), new PrintStream(sink, true, StandardCharsets.UTF_8));
    Map<String, CellResult> byModel = new HashMap<>();
    for (Cell c : preset.cells()) byModel.put(c.model(), runner.run(c));
    System.err.printf("PyTorchExampleTest: train.py %.1f s, the two cells %.1f s%n", (t0 - tTrain) / 1e9, (System.nanoTime() - t0) / 1e9);
    CellResult viaFile = byModel.get("pytorch-torchscript");
    CellResult viaProcess = byModel.get("pytorch-process");

    String manifest = Dataset.load(trained.resolve("data")).manifestSha256();
    assertEquals(manifest, viaFile.datasetHash(), "the bench's cell holds the words train.py trained on");
    assertEquals(manifest, viaProcess.datasetHash());
    Path file = trained.resolve("model.torchscript.pt");
    assertEquals(new CellResult.Origin("torchscript", file.toString(), Sha256.of(file), null, null, null), viaFile.origin());
    assertTrue(viaProcess.origin().model().startsWith("examples/pytorch LstmLM width 16, torch "), viaProcess.origin().toString());
    assertNotNull(viaFile.convergence().verdict());
    assertFalse(viaFile.promptSets().isEmpty());
    // One set of weights, read by libtorch through DJL and by PyTorch in serve.py: the same model.
    assertEquals(viaFile.test().loss(), viaProcess.test().loss(), 1e-4);
    assertEquals(viaFile.convergence().learned(), viaProcess.convergence().learned());
    for (var ps : viaFile.promptSets())
      if (ps.isGreedy()) assertEquals(EXACT.toJson(ps), EXACT.toJson(viaProcess.promptSet(ps.name(), true)), ps.name());
  }
}
