package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A merged report of shards names the cells of the pinned preset that have no result. */
class CompletenessTest {
  @TempDir Path tmp;

  @Test
  void theCellsOfAMissingShardAreNamedWithTheirLogs() throws IOException {
    Preset quick = Preset.load("quick");
    List<String> all = quick.cells().stream().map(Cell::key).sorted().toList();
    Path a = tmp.resolve("sweep/shard-0");
    Path b = tmp.resolve("sweep/shard-1");
    BenchRunner.pinPreset(a, quick);
    BenchRunner.pinPreset(b, quick);
    List<String> shard0 = new Shard(0, 2).selectKeys(all);
    List<String> shard1 = new Shard(1, 2).selectKeys(all);
    String started = shard1.get(0);
    Files.writeString(b.resolve("logs").resolve(started + ".log"), "killed\n");

    Completeness.Check c = Completeness.check(List.of(a, b), shard0);
    assertEquals(List.of("quick"), c.presets());
    assertEquals(all.size(), c.expected());
    assertEquals(shard1, c.missing());
    assertEquals(b.resolve("logs").resolve(started + ".log"), c.logs().get(started));
    assertNull(c.logs().get(shard1.get(1)), "a cell that never started has no log");
    assertTrue(c.warning().contains(shard1.size() + " of " + all.size() + " cells of preset quick have no result"), c.warning());

    // The same found one level down (the shards under one directory), and complete once all are there.
    assertEquals(shard1, Completeness.check(List.of(tmp.resolve("sweep")), shard0).missing());
    assertTrue(Completeness.check(List.of(a, b), all).complete());
    assertEquals("", Completeness.check(List.of(a, b), all).warning());
  }

  @Test
  void withoutAPinnedPresetNothingCanBeJudgedAndAMergeGetsTheShardsPreset() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Completeness.Check c = Completeness.check(List.of(plain), List.of());
    assertTrue(c.presets().isEmpty());
    assertTrue(c.complete());

    Path a = tmp.resolve("a");
    BenchRunner.pinPreset(a, Preset.load("quick"));
    Path merged = tmp.resolve("merged");
    Completeness.pinMerged(List.of(a, plain), merged);
    assertEquals(Files.readString(BenchRunner.presetFile(a)), Files.readString(BenchRunner.presetFile(merged)));

    Path other = tmp.resolve("other");
    BenchRunner.pinPreset(other, Preset.load("standard"));
    Path mixed = tmp.resolve("mixed");
    Completeness.pinMerged(List.of(a, other), mixed);
    assertFalse(Files.exists(BenchRunner.presetFile(mixed)), "shards of different presets pin none");
  }
}
