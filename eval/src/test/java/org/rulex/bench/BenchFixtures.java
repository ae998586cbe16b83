package org.rulex.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rulex.result.Results;
import org.rulex.result.SyntheticResults;

/**
 * A small real preset and a stand-in for the cell process: a shell script that records which
 * cell it was asked for and copies a prepared result into place, so that the sweep's
 * scheduling, resuming and checking run for real in milliseconds, without training anything.
 */
final class BenchFixtures {
  private BenchFixtures() {}

  static final String PRESET = """
      {
        "name": "tiny",
        "description": "bench tests",
        "languages": ["anbn", "ban"],
        "models": ["uniform", "linear"],
        "seeds": [1, 2, 3],
        "data": {"train": 8, "val": 4, "test": 4},
        "modelConfigs": {
          "uniform": {"architecture": "uniform"},
          "linear": {"architecture": "linear", "window": 4}
        },
        "training": {"steps": 2, "batchSize": 4},
        "trainingOverrides": {"linear": {"steps": 3}},
        "decoding": {"greedy": true, "samples": 0, "temperature": 1.0, "maxSampledPrompts": 0},
        "learned": {"maxExcessLoss": 0.05, "minIdInLanguage": 0.9, "distributionWords": 64}
      }
      """;

  static Path presetFile(Path dir, String json) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve("preset.json");
    Files.writeString(f, json);
    return f;
  }

  static Preset preset(Path dir) throws IOException {
    return Preset.load(presetFile(dir, PRESET).toString());
  }

  /** A prepared result for every cell of the preset, in templates/. */
  static Path templates(Path dir, Preset preset) throws IOException {
    Path t = dir.resolve("templates");
    Files.createDirectories(t);
    for (Cell c : preset.cells())
      Files.writeString(t.resolve(c.key() + ".json"), Results.toJson(SyntheticResults.cell(c.language(), c.model(), c.seed(), 0.5, 50, 90)));
    return t;
  }

  /**
   * The fake cell process: appends its cell key to out/ran.txt and copies the prepared result.
   * Arguments after the script: bench-cell --preset P --cell KEY --out OUT --watch-parent.
   */
  static List<String> child(Path templates) {
    String script = "key=\"$5\"; out=\"$7\"; echo \"$key\" >> \"$out/ran.txt\"; cp \"" + templates + "/$key.json\" \"$out/cells/$key.json\"";
    return List.of("sh", "-c", script, "sh");
  }

  static List<String> ran(Path out) throws IOException {
    Path f = out.resolve("ran.txt");
    return Files.exists(f) ? Files.readAllLines(f).stream().sorted().toList() : List.of();
  }

  static PrintStream quiet(ByteArrayOutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }
}
