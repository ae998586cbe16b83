package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.AtomicFile;
import org.rulex.result.CellResult;
import org.rulex.train.Trainer;

/**
 * A cell killed while writing a checkpoint must run to the end when the bench runs again: the two
 * states such a kill leaves are recovered or started over, with one line saying which.
 */
@Tag("slow")
class CellCrashRecoveryTest {
  @TempDir Path tmp;

  private static final Cell CELL = new Cell("anbn", "linear", 1);

  private record Run(CellResult result, String log) {}

  private static Run run(Preset preset, Path out) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CellResult r = new CellRunner(preset, out, BenchFixtures.quiet(sink)).run(CELL);
    return new Run(r, sink.toString(StandardCharsets.UTF_8));
  }

  /** A cell run to the end, then its result removed: what is left on disk is the training run. */
  private Path trainedRun(Preset preset, Path out) throws IOException {
    run(preset, out);
    Files.delete(BenchRunner.resultFile(out, CELL));
    return out.resolve("checkpoints").resolve(CELL.key());
  }

  @Test
  void killedWhileWritingItsFirstLastCheckpointTheCellStartsOver() throws IOException {
    Preset preset = BenchFixtures.preset(tmp);
    Path out = tmp.resolve("out");
    Path runDir = trainedRun(preset, out);
    // best/ written, last/ not yet: only its temporary directory, half full.
    AtomicFile.deleteTree(runDir.resolve(Trainer.LAST));
    Path half = Files.createDirectory(runDir.resolve(".last.tmp-0123456789abcdef"));
    Files.writeString(half.resolve("model-card.json"), "{\"format\"");
    Run again = run(preset, out);
    assertTrue(again.log().contains(CELL.key() + ": discarded the partial run in " + runDir), again.log());
    assertEquals(1, again.log().lines().filter(l -> l.contains("discarded")).count(), again.log());
    assertTrue(Files.isRegularFile(BenchRunner.resultFile(out, CELL)));
    assertTrue(Files.isDirectory(runDir.resolve(Trainer.LAST)) && Files.isDirectory(runDir.resolve(Trainer.BEST)));
    assertFalse(Files.exists(half));
  }

  @Test
  void killedBetweenTheTwoRenamesTheCellResumesFromThePreviousLast() throws IOException {
    Preset preset = BenchFixtures.preset(tmp);
    Path out = tmp.resolve("out");
    Path runDir = trainedRun(preset, out);
    // The state a kill between AtomicDirectory's renames leaves: last/ moved aside, the new one not yet in place.
    Files.move(runDir.resolve(Trainer.LAST), runDir.resolve(".last.old"));
    Files.createDirectory(runDir.resolve(".last.tmp-fedcba9876543210"));
    Run again = run(preset, out);
    assertTrue(again.log().contains(CELL.key() + ": restored last/ from .last.old"), again.log());
    assertFalse(again.log().contains("discarded"), again.log());
    assertTrue(Files.isRegularFile(BenchRunner.resultFile(out, CELL)));
    assertTrue(Files.isDirectory(runDir.resolve(Trainer.LAST)));
    assertFalse(Files.exists(runDir.resolve(".last.old")));
    assertFalse(Files.exists(runDir.resolve(".last.tmp-fedcba9876543210")));
  }

  @Test
  void anIntactRunNeedsNoRecovery() throws IOException {
    Path runDir = trainedRun(BenchFixtures.preset(tmp), tmp.resolve("out"));
    assertEquals(null, Trainer.recover(runDir));
    assertEquals(null, Trainer.recover(tmp.resolve("no-such-run")));
  }
}
