package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.grammar.Languages;

/** The CI regression check against the committed reference checkpoint and its baseline. */
class EvalRegressionTest {
  private static final Path HOME = Languages.home();
  private static final String BASELINE = HOME.resolve("results/baselines/anbn-tiny.json").toString();

  @Test
  void referenceCheckpointPassesItsBaselineAndWritesJunit(@TempDir Path tmp) throws IOException {
    Path junit = tmp.resolve("eval.xml");
    CliRun r = CliRun.of("eval", "--checkpoint", HOME.resolve("models/zoo/anbn-tiny").toString(), "--baseline", BASELINE, "--junit", junit.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("no regression in"), r.toString());
    String xml = Files.readString(junit);
    assertTrue(xml.contains("failures=\"0\""), xml);
    assertTrue(xml.contains("name=\"ood-R2/R1/all\""), xml);
  }

  @Test
  void degradedCheckpointFailsWithExitOneAndJunitFailures(@TempDir Path tmp) throws IOException {
    Path junit = tmp.resolve("eval.xml");
    CliRun r = CliRun.of("eval", "--checkpoint", HOME.resolve("models/zoo/anbn-tiny-degraded").toString(), "--baseline", BASELINE, "--junit", junit.toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("FAIL ood-R2/R1/all"), r.toString());
    assertTrue(Files.readString(junit).contains("<failure"), "JUnit XML lists the regressions");
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
}
