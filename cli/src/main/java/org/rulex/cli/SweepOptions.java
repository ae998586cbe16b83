package org.rulex.cli;

import java.nio.file.Path;
import java.util.List;
import org.rulex.bench.Shard;
import org.rulex.grammar.Languages;
import picocli.CommandLine.Option;

/**
 * The options of a run cut into child processes, 'rulex bench' and 'rulex suite' alike (a
 * picocli mixin): where the results go, which slice runs, how many children at a time, and
 * whether the report is written at the end.
 */
final class SweepOptions {
  @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default: results/${COMMAND-NAME}-<name>).")
  Path out;

  @Option(names = "--shard", defaultValue = "0/1", paramLabel = "i/n", description = "Run slice i of n (default: all).")
  String shard;

  @Option(names = "--parallel", paramLabel = "N", description = "Processes at a time, one cell or unit each (default: the number of cores, at most 2).")
  Integer parallel;

  @Option(names = "--no-report", description = "Do not write the report at the end.")
  boolean noReport;

  /** --out, or results/COMMAND-NAME under rulex's home. */
  Path dir(String command, String name) {
    return out != null ? out : Languages.home().resolve("results").resolve(command + "-" + name);
  }

  /** --parallel, or as many as the cores allow, at most 2: training is memory-bound beyond. */
  int parallel() {
    if (parallel != null && parallel < 1) throw new org.rulex.UserError("--parallel " + parallel + ": run at least 1 at a time");
    return parallel != null ? parallel : Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
  }

  Shard slice() {
    return Shard.parse(shard);
  }

  /** "rulex COMMAND NAME: 3 run, 2 finished before, 0 failed, wall time 4 min 05 s" on stderr. */
  static void printSummary(String what, int ran, int skipped, List<String> failed, long wallMillis) {
    long sec = wallMillis / 1000;
    System.err.printf("rulex %s: %d run, %d finished before, %d failed, wall time %d min %02d s%n", what, ran, skipped, failed.size(), sec / 60, sec % 60);
  }

  /** Names the failed children on stderr; the exit code: 0 when none failed, else 1. */
  static int exitCode(List<String> failed) {
    for (String f : failed) System.err.println("failed: " + f);
    return failed.isEmpty() ? 0 : 1;
  }
}
