package org.rulex.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A sweep: independent units (a bench cell, a suite unit), each run in its own process by
 * {@link SweepRunner}, each leaving one result file written atomically. The same sweep
 * definition gives the same units; a unit is finished when its file reads as its result.
 */
public interface Sweep {
  /** What the log lines call this sweep: "bench", "suite hijack". */
  String label();

  /** What one unit is called in messages: "cell" for the bench, "unit" for a suite. */
  default String unitName() {
    return "unit";
  }

  /** The file, in the output directory, that pins the sweep's definition: preset.json or spec.json. */
  String pinName();

  /** The definition pinned there; a different one in the same directory is refused. */
  String pinText();

  /**
   * Whether the definition pinned in this file means this sweep's definition. By default the
   * texts must be equal; a sweep whose definition has former key names compares what they mean.
   */
  default boolean samePin(Path pinned, String pinnedText) {
    return SweepRunner.samePinText(this, pinnedText);
  }

  /** The directory, under the output directory, holding the units' result files. */
  String unitsDir();

  /** Every unit's key, in the stable order shards are dealt from. */
  List<String> keys();

  /** Null when the file reads as this unit's result; else what is wrong with it, in words. */
  String problem(Path file, String key);

  /** Runs one unit in this process and writes its result file (what a unit's process does). */
  void runUnit(Path out, String key);
}
