package org.rulex.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rulex.AtomicFile;
import org.rulex.UserError;

/**
 * Runs the unfinished units of a sweep, the bench's and every suite's alike: the definition is
 * pinned beside the results, the output directory is locked, this shard's units are dealt from
 * the sweep's key order, and each unfinished unit runs in its own JVM (DJL allows one gradient
 * collector per process, and separate processes use both cores without sharing a heap) through
 * the one child command {@value #UNIT_COMMAND}. A unit is finished when its result file reads as
 * its result; a file that does not is moved aside and the unit runs again, so an interrupted
 * sweep resumes where it stopped and loses nothing finished.
 */
public final class SweepRunner {
  /** The hidden command a unit's process runs: {@code run-unit --sweep PINNED --unit KEY --out DIR}. */
  public static final String UNIT_COMMAND = "run-unit";

  /** The flag a unit's process is started with: die when the sweep does (see {@link ParentWatch}). */
  public static final String WATCH_PARENT = "--watch-parent";

  /** Suffix of a result file that could not be read, set aside so that its unit runs again. */
  public static final String CORRUPT = ".corrupt";

  /** Outcome of a sweep: units finished before, run now, and failed now. */
  public record Summary(int skipped, int ran, List<String> failed, long wallMillis) {}

  private SweepRunner() {}

  /** The unit's result file. */
  public static Path unitFile(Sweep sweep, Path out, String key) {
    return out.resolve(sweep.unitsDir()).resolve(key + ".json");
  }

  /** Runs this shard's unfinished units, parallel at a time, each in a child JVM started by {@code jvm}. */
  public static Summary run(Sweep sweep, Path out, Shard shard, int parallel, List<String> jvm, PrintStream log) {
    if (parallel < 1) throw new UserError("--parallel " + parallel + ": run at least 1 at a time");
    try (OutputLock lock = OutputLock.acquire(out)) {
      pin(sweep, out);
      List<String> mine = shard.selectKeys(sweep.keys());
      List<String> todo = mine.stream().filter(k -> !finished(sweep, out, k, log)).toList();
      log.printf("rulex %s: shard %s: %d %ss, %d finished before, %d to run, %d at a time%n",
          sweep.label(), shard, mine.size(), sweep.unitName(), mine.size() - todo.size(), todo.size(), parallel);
      List<ChildProcessPool.Job> jobs = new ArrayList<>();
      Path pinned = out.resolve(sweep.pinName());
      for (String key : todo) {
        List<String> cmd = new ArrayList<>(jvm);
        cmd.addAll(List.of(UNIT_COMMAND, "--sweep", pinned.toString(), "--unit", key, "--out", out.toString(), WATCH_PARENT));
        jobs.add(new ChildProcessPool.Job(key, cmd, out.resolve("logs").resolve(key + ".log"), () -> finished(sweep, out, key, log)));
      }
      ChildProcessPool.Outcome o = new ChildProcessPool(parallel, log).run(jobs);
      return new Summary(mine.size() - todo.size(), o.ran(), o.failed(), o.wallMillis());
    }
  }

  /** Whether a pinned text is this sweep's definition, byte for byte up to surrounding white space. */
  public static boolean samePinText(Sweep sweep, String pinnedText) {
    return pinnedText.strip().equals(sweep.pinText().strip());
  }

  /** Records the sweep's definition beside the results, refusing to mix results of a different one. */
  public static void pin(Sweep sweep, Path out) {
    Path p = out.resolve(sweep.pinName());
    String text = sweep.pinText().strip() + "\n";
    try {
      Files.createDirectories(out.resolve(sweep.unitsDir()));
      Files.createDirectories(out.resolve("logs"));
      if (Files.exists(p)) {
        if (!sweep.samePin(p, Files.readString(p, StandardCharsets.UTF_8)))
          throw new UserError(out + " holds results of a different " + sweep.pinName().replace(".json", "").replace("spec", "suite spec") + " (" + p
              + "): use another --out, or delete that directory to start over");
        return;
      }
    } catch (IOException e) {
      throw new UserError(out + ": cannot write: " + e.getMessage());
    }
    AtomicFile.write(p, text);
  }

  /**
   * Whether a unit's result is there and readable as that unit's result. A file that is not
   * (damaged on disk, cut short by a full disk, edited by hand) is renamed to
   * key.json.corrupt[-N], out of the way of the results readers, and its unit counts as not
   * finished, so it runs again.
   */
  public static boolean finished(Sweep sweep, Path out, String key, PrintStream log) {
    Path file = unitFile(sweep, out, key);
    if (!Files.exists(file)) return false;
    String problem = sweep.problem(file, key);
    if (problem == null) return true;
    Path aside = file.resolveSibling(file.getFileName() + CORRUPT);
    for (int i = 1; Files.exists(aside); i++) aside = file.resolveSibling(file.getFileName() + CORRUPT + "-" + i);
    try {
      Files.move(file, aside);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read as a result (" + problem + ") nor move it aside: " + e.getMessage());
    }
    log.printf("rulex %s: %s is not a readable result (%s): moved to %s, the %s runs again%n", sweep.label(), file, problem, aside.getFileName(), sweep.unitName());
    return false;
  }
}
