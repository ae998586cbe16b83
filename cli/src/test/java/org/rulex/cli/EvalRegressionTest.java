package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.grammar.Languages;

/** The CI regression check against the committed reference checkpoint and its baseline. */
class EvalRegressionTest {
  private static final Path HOME = Languages.home();
  private static final String BASELINE = HOME.resolve("results/baselines/anbn-tiny.json").toString();

  /** rulex eval of a checkpoint of the model zoo against the committed baseline, the comparison written as JUnit XML. */
  private static CliRun evalZoo(String checkpoint, Path junit) {
    return CliRun.of("eval", "--checkpoint", HOME.resolve("models/zoo/" + checkpoint).toString(), "--baseline", BASELINE, "--junit", junit.toString());
  }

  /**
   * The reference checkpoint passes its committed baseline (exit 0, no failure in the JUnit XML);
   * the degraded one fails it (exit 1, the regressed OOD rate named, a failure per regression).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "anbn-tiny|0|no regression in|failures=\"0\"",
      "anbn-tiny-degraded|1|FAIL ood-R2/R1/all|<failure"})
  void theGateSeparatesTheReferenceFromTheDegradedCheckpoint(String checkpoint, int exit, String said, String inJunit, @TempDir Path tmp)
      throws IOException {
    Path junit = tmp.resolve("eval.xml");
    CliRun r = evalZoo(checkpoint, junit);
    assertEquals(exit, r.exitCode(), r.toString());
    assertTrue(r.out().contains(said), r.toString());
    String xml = Files.readString(junit);
    assertTrue(xml.contains(inJunit), xml);
    assertTrue(xml.contains("name=\"ood-R2/R1/all\""), xml);
  }

  @Test
  void damagedParametersAreRefusedWithOneMessage(@TempDir Path tmp) throws IOException {
    Path copy = tmp.resolve("ckpt");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(HOME.resolve("models/zoo/anbn-tiny"))) {
      for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
    }
    Path params = copy.resolve("parameters.bin");
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(params, bytes);
    CliRun r = CliRun.of("eval", "--checkpoint", copy.toString(), "--baseline", BASELINE);
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("parameters.bin") || r.err().contains(copy.toString()), r.toString());
    assertFalse(r.hasStackTrace(), r.toString());
  }

  @Test
  void checkpointForAnotherLanguageIsRefused() {
    CliRun r = CliRun.of("eval", "--checkpoint", HOME.resolve("models/zoo/anbn-tiny").toString(), "--language", "dyck");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("trained on anbn, not dyck"), r.toString());
    assertFalse(r.hasStackTrace(), r.toString());
  }

  @Test
  void torchScriptModelIsEvaluatedOnTheLanguageItsVocabularyFits() {
    String pt = HOME.resolve("models/src/test/resources/torchscript/tiny.pt").toString();
    CliRun r = CliRun.of("eval", "--model", "torchscript:" + pt, "--language", "anbn", "--test-words", "20", "--max-length", "16");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("test/loss") && r.out().contains("ood-R2/R1/all"), r.toString());
    CliRun wrong = CliRun.of("eval", "--model", "torchscript:" + pt, "--language", "anbncn", "--max-length", "16");
    assertEquals(2, wrong.exitCode(), wrong.toString());
    assertFalse(wrong.hasStackTrace(), wrong.toString());
    CliRun tooLong = CliRun.of("eval", "--model", "torchscript:" + pt, "--language", "anbn", "--test-words", "5", "--max-length", "40");
    assertEquals(2, tooLong.exitCode(), tooLong.toString());
    assertTrue(tooLong.err().contains("--max-length"), tooLong.toString());
  }

  // ---- the gate cannot be fooled: each former false pass now fails

  private static com.google.gson.JsonObject baselineJson() throws IOException {
    return com.google.gson.JsonParser.parseString(Files.readString(Path.of(BASELINE))).getAsJsonObject();
  }

  private static String write(Path dir, com.google.gson.JsonObject json) throws IOException {
    Path f = dir.resolve("baseline.json");
    Files.writeString(f, json.toString());
    return f.toString();
  }

  private static CliRun evalReference(String baseline, String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("eval", "--checkpoint", HOME.resolve("models/zoo/anbn-tiny").toString(), "--baseline", baseline));
    args.addAll(java.util.List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aMetricMeasuredOverOtherPromptCountsFails(@TempDir Path tmp) throws IOException {
    var json = baselineJson();
    // The case: 148/247 in the baseline, now measured over other prompts: a wide interval must not hide it.
    var m = json.getAsJsonObject("metrics").getAsJsonObject("ood-R2/R1/all");
    m.addProperty("successes", 2);
    m.addProperty("trials", 5);
    m.addProperty("value", 0.4);
    assertGateFails(tmp, json, "FAIL ood-R2/R1/all", "prompt or sample counts changed", "name=\"ood-R2/R1/all\">\n    <failure");
  }

  @Test
  void aBaselineWithoutMetricsFails(@TempDir Path tmp) throws IOException {
    var json = baselineJson();
    json.add("metrics", new com.google.gson.JsonObject());
    json.add("mustBeatBaselines", new com.google.gson.JsonArray());
    assertGateFails(tmp, json, "FAIL baseline/metrics", "records no metric", "baseline/metrics");
  }

  /** The gate fails (exit 1) on the baseline, naming the check and why on stdout and the check in the JUnit XML. */
  private static void assertGateFails(Path tmp, com.google.gson.JsonObject baseline, String check, String why, String inJunit) throws IOException {
    CliRun r = evalReference(write(tmp, baseline), "--junit", tmp.resolve("j.xml").toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains(check) && r.out().contains(why), r.toString());
    assertTrue(Files.readString(tmp.resolve("j.xml")).contains(inJunit), "named in the JUnit XML");
  }

  @Test
  void aBaselineForAnotherGrammarOrVocabularyIsRefused(@TempDir Path tmp) throws IOException {
    var json = baselineJson();
    json.addProperty("grammarHash", "0000000000000000000000000000000000000000000000000000000000000000");
    CliRun r = evalReference(write(tmp, json));
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("another version of anbn's grammar"), r.toString());
    assertFalse(r.hasStackTrace(), r.toString());
    var vocab = baselineJson();
    vocab.addProperty("vocabularyHash", "ffff");
    CliRun v = evalReference(write(tmp, vocab));
    assertEquals(2, v.exitCode(), v.toString());
    assertTrue(v.err().contains("another vocabulary"), v.toString());
  }

  @Test
  void tolerancesComeFromTheBaselineUnlessTheCommandLineOverridesThem(@TempDir Path tmp) throws IOException {
    var json = baselineJson();
    // The checkpoint's own loss, 0.05 nats above the baseline's: beyond an allowance of 0, within 0.1.
    var loss = json.getAsJsonObject("metrics").getAsJsonObject("test/loss");
    loss.addProperty("value", loss.get("value").getAsDouble() - 0.05);
    json.addProperty("lossTolerance", 0.0);
    String file = write(tmp, json);
    CliRun strict = evalReference(file);
    assertEquals(1, strict.exitCode(), strict.toString());
    assertTrue(strict.out().contains("(the baseline's)") && strict.out().contains("FAIL test/loss"), strict.toString());
    CliRun overridden = evalReference(file, "--loss-tolerance", "0.1");
    assertEquals(0, overridden.exitCode(), overridden.toString());
    assertTrue(overridden.out().contains("(--loss-tolerance)"), overridden.toString());
  }

  @Test
  void aCheckpointThatStopsAtOnceDoesNotPass(@TempDir Path tmp) {
    CliRun train = CliRun.of("train", "--language", "anbn", "--model", "stop-at-once", "--out", tmp.resolve("run").toString());
    assertEquals(0, train.exitCode(), train.toString());
    CliRun r = CliRun.of("eval", "--checkpoint", tmp.resolve("run/best").toString(), "--baseline", BASELINE);
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("FAIL beats-stop-at-once/ood-R2/R1/all"), r.toString());
  }

  @Test
  void aMalformedBaselineIsAnInputErrorAtItsPositionNotARegression(@TempDir Path tmp) throws IOException {
    String text = Files.readString(Path.of(BASELINE));
    Path truncated = tmp.resolve("truncated.json");
    Files.writeString(truncated, text.substring(0, text.length() / 2));
    CliRun r = evalReference(truncated.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("truncated.json:"), r.toString());
    assertFalse(r.hasStackTrace(), r.toString());
    var json = baselineJson();
    json.addProperty("tolerence", 0.5); // a typo must not be ignored
    CliRun typo = evalReference(write(tmp, json));
    assertEquals(2, typo.exitCode(), typo.toString());
    assertTrue(typo.err().contains("tolerence"), typo.toString());
  }

  @Test
  void junitWithoutABaselineIsRefusedBeforeAnyEvaluation() {
    CliRun r = CliRun.of("eval", "--checkpoint", HOME.resolve("models/zoo/anbn-tiny").toString(), "--junit", "x.xml");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("--junit"), r.toString());
  }
}
