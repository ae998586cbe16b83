package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rulex.UserError;
import org.rulex.result.Results;

/**
 * The sweep's bookkeeping with a stand-in cell process (see {@link BenchFixtures}): resume,
 * shards, the directory lock, damaged results, the preset pin.
 */
class BenchRunnerTest {
  @TempDir Path tmp;

  private BenchRunner.Summary run(Path dir, Preset preset, Shard shard, int parallel) throws IOException {
    Path templates = dir.resolve("templates");
    if (!Files.isDirectory(templates)) BenchFixtures.templates(dir, preset);
    BenchRunner.Options o = new BenchRunner.Options(preset, dir.resolve("out"), shard, parallel, BenchFixtures.child(templates));
    return new BenchRunner(o, BenchFixtures.quiet(new ByteArrayOutputStream())).run();
  }

  @Test
  void aSweepRunsEveryCellOnceAndItsResultsReadBack() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    BenchRunner.Summary s = run(tmp, p, new Shard(0, 1), 2);
    assertEquals(List.of(), s.failed());
    assertEquals(12, s.ran());
    Path out = tmp.resolve("out");
    assertEquals(p.cells().stream().map(Cell::key).sorted().toList(), BenchFixtures.ran(out));
    assertEquals(12, Results.readAll(out).size());
    assertTrue(Files.exists(BenchRunner.presetFile(out)));
  }

  @Test
  void aSecondRunResumesAndRunsNothing() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    run(tmp, p, new Shard(0, 1), 1);
    BenchRunner.Summary again = run(tmp, p, new Shard(0, 1), 1);
    assertEquals(0, again.ran());
    assertEquals(12, again.skipped());
    assertEquals(12, BenchFixtures.ran(tmp.resolve("out")).size(), "no cell ran twice");
  }

  /** A property's body, run in a fresh directory with the preset and its prepared results. */
  private interface InFreshDirectory {
    void run(Path dir, Preset preset, Path templates) throws IOException;
  }

  private static void inFreshDirectory(InFreshDirectory body) throws IOException {
    Path dir = Files.createTempDirectory("rulex-bench");
    try {
      Preset p = BenchFixtures.preset(dir);
      body.run(dir, p, BenchFixtures.templates(dir, p));
    } finally {
      deleteTree(dir);
    }
  }

  /** Resume never re-runs a finished cell and always runs an unfinished one. */
  @Property(tries = 12)
  void resumeRunsExactlyTheUnfinishedCells(@ForAll @IntRange(min = 0, max = 4095) int finishedMask) throws IOException {
    inFreshDirectory((dir, p, templates) -> {
      Path cells = BenchRunner.cellsDir(dir.resolve("out"));
      Files.createDirectories(cells);
      List<String> expected = new ArrayList<>();
      List<Cell> all = p.cells();
      for (int i = 0; i < all.size(); i++) {
        String key = all.get(i).key();
        if ((finishedMask >> i & 1) == 1) Files.copy(templates.resolve(key + ".json"), cells.resolve(key + ".json"));
        else expected.add(key);
      }
      BenchRunner.Summary s = run(dir, p, new Shard(0, 1), 2);
      assertEquals(expected.stream().sorted().toList(), BenchFixtures.ran(dir.resolve("out")));
      assertEquals(all.size() - expected.size(), s.skipped());
    });
  }

  @Property(tries = 6)
  void shardsTogetherRunEveryCellExactlyOnce(@ForAll @IntRange(min = 1, max = 5) int count) throws IOException {
    inFreshDirectory((dir, p, templates) -> {
      List<String> ran = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Path out = dir.resolve("out-" + i);
        new BenchRunner(new BenchRunner.Options(p, out, new Shard(i, count), 2, BenchFixtures.child(templates)),
            BenchFixtures.quiet(new ByteArrayOutputStream())).run();
        ran.addAll(BenchFixtures.ran(out));
      }
      assertEquals(p.cells().stream().map(Cell::key).sorted().toList(), ran.stream().sorted().toList());
    });
  }

  /**
   * A result cut short or edited into something rulex never writes (an unknown key, 16.7 for a
   * count, a rate as a string, more successes than trials) is not a finished cell: it is set aside
   * with one line saying so and kept for a look, and the cell runs again.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "truncated|(?s)(.*)\\}\\s*$|$1",
      "unknown key|\"schema\"|\"bogus\": 1, \"schema\"",
      "fractional count|\"checkpointStep\": \\d+|\"checkpointStep\": 16.7",
      "rate as a string|\"rate\": ([0-9.]+)|\"rate\": \"$1\"",
      "successes over trials|\"successes\": \\d+|\"successes\": 99999"})
  void aResultThatIsNotReadStrictlyIsSetAsideAndItsCellRunsAgain(String what, String from, String to) throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    run(tmp, p, new Shard(0, 1), 1);
    Path out = tmp.resolve("out");
    Cell victim = p.cells().get(5);
    Path file = BenchRunner.resultFile(out, victim);
    String json = Files.readString(file);
    String edited = json.replaceFirst(from, to);
    assertFalse(edited.equals(json), from + " in " + json);
    Files.writeString(file, edited);
    Files.delete(out.resolve("ran.txt"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchRunner.Options o = new BenchRunner.Options(p, out, new Shard(0, 1), 1, BenchFixtures.child(tmp.resolve("templates")));
    BenchRunner.Summary s = new BenchRunner(o, BenchFixtures.quiet(log)).run();
    assertEquals(List.of(victim.key()), BenchFixtures.ran(out), what);
    assertEquals(1, s.ran());
    assertTrue(Files.exists(file.resolveSibling(file.getFileName() + BenchRunner.CORRUPT)), what);
    List<String> said = log.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.contains(BenchRunner.CORRUPT)).toList();
    assertEquals(1, said.size(), log.toString());
    assertTrue(said.get(0).matches(".*" + java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: .*the cell runs again"), said.get(0));
    assertEquals(12, Results.readAll(out).size(), "the set-aside file is not read as a result");
  }

  @Test
  void aResultOfAnotherCellDoesNotCountAsFinished() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    Path templates = BenchFixtures.templates(tmp, p);
    Path out = tmp.resolve("out");
    Cell a = p.cells().get(0);
    Cell b = p.cells().get(1);
    Files.createDirectories(BenchRunner.cellsDir(out));
    Files.copy(templates.resolve(b.key() + ".json"), BenchRunner.resultFile(out, a));
    PrintStream quiet = BenchFixtures.quiet(new ByteArrayOutputStream());
    BenchRunner bench = new BenchRunner(new BenchRunner.Options(p, out, new Shard(0, 1), 1, List.of()), quiet);
    assertFalse(SweepRunner.finished(bench, out, a.key(), quiet));
    assertFalse(Files.exists(BenchRunner.resultFile(out, a)));
  }

  @Test
  void aSecondSweepOnTheSameDirectoryIsRefused() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    Path out = tmp.resolve("out");
    try (OutputLock held = OutputLock.acquire(out)) {
      UserError e = assertThrows(UserError.class, () -> run(tmp, p, new Shard(0, 1), 1));
      assertTrue(e.getMessage().contains("in use by another 'rulex bench'"), e.getMessage());
    }
    assertEquals(List.of(), BenchFixtures.ran(out), "nothing ran while the directory was held");
    assertEquals(12, run(tmp, p, new Shard(0, 1), 1).ran(), "the lock is released with its holder");
  }

  @Test
  void aDifferentPresetInTheSameDirectoryIsRefused() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    run(tmp, p, new Shard(0, 1), 1);
    Path other = BenchFixtures.presetFile(tmp.resolve("other"), BenchFixtures.PRESET.replace("\"seeds\": [1, 2, 3]", "\"seeds\": [1, 2]"));
    UserError e = assertThrows(UserError.class, () -> run(tmp, Preset.load(other.toString()), new Shard(0, 1), 1));
    assertTrue(e.getMessage().contains("different preset"), e.getMessage());
  }

  @Test
  void anUnknownLanguageStopsTheSweepBeforeAnythingIsWritten() throws IOException {
    Path f = BenchFixtures.presetFile(tmp, BenchFixtures.PRESET.replace("\"ban\"]", "\"nope\"]"));
    Preset p = Preset.load(f.toString());
    assertThrows(UserError.class, () -> run(tmp, p, new Shard(0, 1), 1));
    assertFalse(Files.exists(tmp.resolve("out")), "no directory, no preset.json, no cell");
  }

  @Test
  void aFailingCellIsReportedWithItsLog() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    List<String> failing = List.of("sh", "-c", "echo 'rulex: something went wrong'; exit 2", "sh");
    BenchRunner.Summary s = new BenchRunner(new BenchRunner.Options(p, tmp.resolve("out"), new Shard(0, 1), 1, failing),
        BenchFixtures.quiet(new ByteArrayOutputStream())).run();
    assertEquals(0, s.ran());
    assertTrue(s.failed().get(0).contains("exit code 2") && s.failed().get(0).contains("something went wrong"), s.failed().toString());
    assertTrue(s.failed().get(s.failed().size() - 1).startsWith("stopped after the first"), "a sweep whose first cells all fail stops");
  }

  @Test
  void zeroCellsAtATimeIsRefused() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    assertThrows(UserError.class, () -> new BenchRunner.Options(p, tmp, new Shard(0, 1), 0, List.of()));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
