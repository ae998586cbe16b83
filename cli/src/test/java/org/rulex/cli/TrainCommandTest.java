package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.grammar.Languages;

/** `rulex train`: configuration from the file or from the run being resumed, and what it refuses. */
class TrainCommandTest {
  static final String TINY = Languages.home().resolve("models/zoo/anbn-tiny.run.json").toString();

  @Test
  void resumeTakesTheRunsOwnConfigurationAndSelectsOnTrainingLengths(@TempDir Path tmp) {
    String out = tmp.resolve("run").toString();
    CliRun first = CliRun.of("train", "--language", "anbn", "--config", TINY, "--out", out, "--steps", "2");
    assertEquals(0, first.exitCode(), first.toString());
    // anbn has one member a length: nothing can be held out, so selection uses fresh words of the training distribution.
    assertTrue(first.out().contains("splits: overlapping; checkpoint selection: lowest loss on"), first.toString());
    assertTrue(first.out().contains("fresh words of the training lengths"), first.toString());
    assertTrue(first.out().contains("excess loss") && first.out().contains("sampled K=16 T=1 completions"), first.toString());
    // No --config, no --seed: both come from OUT/last; the run goes on to step 4.
    CliRun more = CliRun.of("train", "--language", "anbn", "--out", out, "--resume", "--steps", "4");
    assertEquals(0, more.exitCode(), more.toString());
    assertTrue(more.out().contains("best checkpoint:"), more.toString());
    CliRun otherModel = CliRun.of("train", "--language", "anbn", "--out", out, "--resume", "--model", "lstm");
    assertEquals(2, otherModel.exitCode(), otherModel.toString());
    assertTrue(otherModel.err().contains("trains a transformer"), otherModel.toString());
    CliRun again = CliRun.of("train", "--language", "anbn", "--config", TINY, "--out", out, "--steps", "2");
    assertEquals(2, again.exitCode(), again.toString());
    assertTrue(again.err().contains("--resume"), again.toString());
  }

  @Test
  void resumeWithoutARunFailsBeforeGeneratingAnything(@TempDir Path tmp) {
    Path out = tmp.resolve("none");
    CliRun r = CliRun.of("train", "--language", "anbn", "--out", out.toString(), "--resume");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("model-card.json"), r.toString());
    assertFalse(Files.exists(out.resolve("data")), "nothing generated");
  }

  @Test
  void aModelThatContradictsTheConfigAndAMisspeltKeyAreRefused(@TempDir Path tmp) throws IOException {
    CliRun r = CliRun.of("train", "--language", "anbn", "--config", TINY, "--model", "lstm", "--out", tmp.resolve("a").toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("contradicts"), r.toString());
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"model\": {\"architecture\": \"lstm\"}, \"trainig\": {}}");
    CliRun typo = CliRun.of("train", "--language", "anbn", "--config", bad.toString(), "--out", tmp.resolve("b").toString());
    assertEquals(2, typo.exitCode(), typo.toString());
    assertTrue(typo.err().contains("bad.json:1:") && typo.err().contains("\"trainig\""), typo.toString());
    Path cut = tmp.resolve("cut.json");
    Files.writeString(cut, "{\"model\": {\"architecture\": \"lst");
    CliRun truncated = CliRun.of("train", "--language", "anbn", "--config", cut.toString(), "--out", tmp.resolve("c").toString());
    assertEquals(2, truncated.exitCode(), truncated.toString());
    assertTrue(truncated.err().contains("cut.json:1:"), truncated.toString());
    assertFalse(truncated.hasStackTrace(), truncated.toString());
  }

  @Test
  void aRunKilledWhileWritingItsFirstCheckpointsStartsOverInsteadOfAskingForAResumeThatCannotBe(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    CliRun first = CliRun.of("train", "--language", "anbn", "--config", TINY, "--out", out.toString(), "--steps", "2");
    assertEquals(0, first.exitCode(), first.toString());
    // The state a kill while writing the first last/ leaves: best/, and last/ only as a half-written temporary directory.
    org.rulex.AtomicFile.deleteTree(out.resolve("last"));
    Path half = Files.createDirectory(out.resolve(".last.tmp-0123456789abcdef"));
    Files.writeString(half.resolve("model-card.json"), "{\"format\"");
    CliRun resume = CliRun.of("train", "--language", "anbn", "--out", out.toString(), "--resume");
    assertEquals(2, resume.exitCode(), resume.toString());
    assertTrue(resume.err().contains("nothing to resume") && resume.err().contains("without --resume"), resume.toString());
    assertEquals(1, resume.err().lines().count(), resume.toString());
    // Without --resume the run trains afresh where it was; the data generated beside it stays.
    assertTrue(Files.isDirectory(out.resolve("data")));
    CliRun again = CliRun.of("train", "--language", "anbn", "--config", TINY, "--out", out.toString(), "--steps", "2");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(Files.isDirectory(out.resolve("last")) && Files.isDirectory(out.resolve("best")));
    assertFalse(Files.exists(half));
  }
}
