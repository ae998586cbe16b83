package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;

/**
 * The hostile probes of issue 11, each pinned by exit code and message: what one command
 * rejects, every command rejects, with one line and exit 2.
 */
class InputProbesTest {
  @TempDir Path tmp;

  private static CliRun userError(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(Main.USER_ERROR, r.exitCode(), r.toString());
    assertFalse(r.hasStackTrace(), r.toString());
    return r;
  }

  /** A copy of grammars/anbn with one replacement in its language.json. */
  private Path anbnWith(String from, String to) throws IOException {
    Path src = Languages.standard().root().resolve("anbn");
    Path dir = tmp.resolve("anbn-variant");
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
    }
    String json = Files.readString(dir.resolve(Language.MANIFEST));
    assertTrue(json.contains(from), from + " in " + json);
    Files.writeString(dir.resolve(Language.MANIFEST), json.replace(from, to));
    return dir;
  }

  /** One change to grammars/anbn/language.json, and what `grammar check` must say on stderr, with exit 2. */
  static Stream<Arguments> manifestProbes() {
    return Stream.of(
        Arguments.of("\"length\": 8", "\"length\": -3", "\"prompts\".length must be at least 1, not -3"),
        Arguments.of("\"length\": 8", "\"length\": 1000", "\"prompts\".length 1000 exceeds the longest training word"),
        Arguments.of("\"breaks\": \"R2\"", "\"breaks\": \"R1\"", "breaks and checks the same rule R1"),
        Arguments.of("\"max\": 256", "\"max\": 100000", "go up to 100000; rulex handles words of at most " + Language.MAX_WORD_LENGTH),
        Arguments.of("\"emptyWordIsMember\": false", "\"emptyWordIsMember\": \"no\"", "\"emptyWordIsMember\" must be true or false"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("manifestProbes")
  void grammarCheckRejectsWhatOtherCommandsReject(String from, String to, String expected) throws IOException {
    CliRun r = userError("grammar", "check", anbnWith(from, to).toString());
    assertTrue(r.err().contains("language.json:") && r.err().contains(expected), r.toString());
  }

  @Test
  void countAndGenerateRefuseAbsurdLengths() {
    assertTrue(userError("grammar", "count", "anbn", "--max-length", "100000").err().contains("beyond the " + Language.MAX_WORD_LENGTH));
    CliRun g = userError("generate", "anbn", "--out", tmp.resolve("d").toString(), "--seed", "1", "--max-length", "100000");
    assertTrue(g.err().contains("beyond the " + Language.MAX_WORD_LENGTH), g.toString());
  }

  @Test
  void generateRefusesAllZeroSplits() {
    CliRun r = userError("generate", "anbn", "--out", tmp.resolve("d").toString(), "--seed", "1", "--train", "0", "--val", "0", "--test", "0");
    assertTrue(r.err().contains("nothing to generate"), r.toString());
  }

  @Test
  void generateCleansUpWhatAKilledGenerateLeftAndItsFilesFollowTheUmask() throws IOException {
    Path out = tmp.resolve("data");
    Files.createDirectories(out);
    Path leftover = Files.writeString(out.resolve(".train.jsonl.4711.tmp"), "{\"text\": \"ab");
    Path newer = Files.writeString(out.resolve(".val.jsonl.tmp-00ff"), "");
    Files.writeString(out.resolve("train.jsonl"), "written before the kill, no manifest yet\n");
    CliRun r = CliRun.of("generate", "anbn", "--out", out.toString(), "--seed", "1", "--train", "20", "--val", "5", "--test", "5");
    assertEquals(0, r.exitCode(), r.toString());
    assertFalse(Files.exists(leftover));
    assertFalse(Files.exists(newer));
    assertTrue(Files.readString(out.resolve("train.jsonl")).startsWith("{"), "the cut-short write is completed");
    if (out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Path plain = Files.writeString(tmp.resolve("plain"), "x");
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out.resolve("train.jsonl")), "not 0600");
    }
  }

  @Test
  void trainRefusesZeroSteps() {
    CliRun r = userError("train", "--language", "anbn", "--out", tmp.resolve("run").toString(), "--steps", "0", "--print-config");
    assertTrue(r.err().contains("steps must be at least 1"), r.toString());
  }

  @Test
  void benchRefusesZeroCellsAtATime() {
    CliRun r = userError("bench", "--preset", "quick", "--out", tmp.resolve("b").toString(), "--parallel", "0");
    assertTrue(r.err().contains("--parallel 0"), r.toString());
    assertFalse(Files.exists(tmp.resolve("b")), "nothing written");
  }

  /** `rulex bench` on the quick preset with one change: a user error, and nothing written. */
  private CliRun benchWithQuickChanged(String from, String to) throws IOException {
    String quick = new String(org.rulex.bench.Preset.class.getResourceAsStream("/presets/quick.json").readAllBytes());
    assertTrue(quick.contains(from), from);
    Path preset = Files.writeString(tmp.resolve("p.json"), quick.replace(from, to));
    CliRun r = userError("bench", "--preset", preset.toString(), "--out", tmp.resolve("b").toString());
    assertTrue(r.err().startsWith("rulex: " + preset + ":"), "located in the preset: " + r);
    assertFalse(Files.exists(tmp.resolve("b")), "no preset.json, no cell");
    return r;
  }

  @Test
  void benchRefusesAPresetWithoutSeedsBeforeWritingAnything() throws IOException {
    assertTrue(benchWithQuickChanged("\"seeds\": [1, 2]", "\"seeds\": []").err().contains("\"seeds\" is empty"));
  }

  @Test
  void benchRefusesATypoInAPresetWithItsPlace() throws IOException {
    CliRun r = benchWithQuickChanged("\"batchSize\": 32", "\"batchSize\": 16.7");
    assertTrue(r.err().contains("\"batchSize\" must be a whole number, not the number 16.7"), r.toString());
  }

  @Test
  void slf4jHasABindingSoNoRunStartsWithItsWarning() {
    List<String> providers = ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).stream().map(p -> p.type().getName()).toList();
    assertEquals(List.of("org.slf4j.nop.NOPServiceProvider"), providers);
  }
}
