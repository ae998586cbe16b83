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
import org.rulex.grammar.Languages;
import org.rulex.result.CellResult;
import org.rulex.result.Results;

/**
 * Runs the cells of a sweep that are not finished yet, each in its own JVM (DJL allows one
 * gradient collector per process, and separate processes use both cores without sharing a
 * heap). A cell is finished when its result file exists; results are written atomically by the
 * cell itself, so an interrupted sweep resumes where it stopped and loses nothing finished.
 */
public final class BenchRunner {
  /** What to run and where. */
  public record Options(Preset preset, Path out, Shard shard, int parallel, List<String> childCommand) {
    public Options {
      if (parallel < 1) throw new UserError("--parallel " + parallel + ": run at least 1 cell at a time");
    }
  }

  /** The flag a cell process is started with: die when this sweep does (see {@link ParentWatch}). */
  public static final String WATCH_PARENT = "--watch-parent";

  /** Suffix of a result file that could not be read, set aside so that its cell runs again. */
  static final String CORRUPT = ".corrupt";

  /** Outcome of a sweep: cells finished before, run now, and failed now. */
  public record Summary(int skipped, int ran, List<String> failed, long wallMillis) {}

  private final Options options;
  private final PrintStream log;

  public BenchRunner(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  public static Path cellsDir(Path out) {
    return out.resolve("cells");
  }

  public static Path resultFile(Path out, Cell cell) {
    return cellsDir(out).resolve(cell.key() + ".json");
  }

  public static Path presetFile(Path out) {
    return out.resolve("preset.json");
  }

  /** Records the preset beside the results, refusing to mix results of a different preset. */
  public static void pinPreset(Path out, Preset preset) {
    Path p = presetFile(out);
    String json = preset.toJson() + "\n";
    try {
      Files.createDirectories(cellsDir(out));
      Files.createDirectories(out.resolve("logs"));
      if (Files.exists(p)) {
        String old = Files.readString(p, StandardCharsets.UTF_8);
        if (!old.equals(json))
          throw new UserError(out + " holds results of a different preset (" + p + "): use another --out, or delete that directory to start over");
        return;
      }
    } catch (IOException e) {
      throw new UserError(out + ": cannot write: " + e.getMessage());
    }
    AtomicFile.write(p, json);
  }

  /**
   * Runs the unfinished cells of this shard. The whole preset, languages included, is checked
   * before the directory is locked, the preset pinned or any cell started.
   */
  public Summary run() {
    options.preset().checkLanguages(Languages.standard());
    try (OutputLock lock = OutputLock.acquire(options.out())) {
      return runLocked();
    }
  }

  private Summary runLocked() {
    Path out = options.out();
    pinPreset(out, options.preset());
    List<Cell> mine = options.shard().select(options.preset().cells());
    List<Cell> todo = mine.stream().filter(c -> !finished(out, c, log)).toList();
    int skipped = mine.size() - todo.size();
    log.printf("rulex bench: preset %s, shard %s: %d cells, %d finished before, %d to run, %d at a time%n",
        options.preset().name(), options.shard(), mine.size(), skipped, todo.size(), options.parallel());
    List<ChildProcessPool.Job> jobs = new ArrayList<>();
    for (Cell c : todo) {
      List<String> cmd = new ArrayList<>(options.childCommand());
      cmd.addAll(List.of("bench-cell", "--preset", presetFile(out).toString(), "--cell", c.key(), "--out", out.toString(), WATCH_PARENT));
      jobs.add(new ChildProcessPool.Job(c.key(), cmd, out.resolve("logs").resolve(c.key() + ".log"), () -> finished(out, c, log)));
    }
    ChildProcessPool.Outcome o = new ChildProcessPool(options.parallel(), log).run(jobs);
    return new Summary(skipped, o.ran(), o.failed(), o.wallMillis());
  }

  /**
   * Whether a cell's result is there and readable as this cell's result. A file that is not
   * (damaged on disk, cut short by a full disk, edited by hand) is renamed to
   * key.json.corrupt[-N], out of the way of the results readers, and its cell counts as not
   * finished, so it runs again.
   */
  static boolean finished(Path out, Cell cell, PrintStream log) {
    Path file = resultFile(out, cell);
    if (!Files.exists(file)) return false;
    String problem;
    try {
      CellResult r = Results.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      if (r.key().equals(cell.key())) return true;
      problem = "it holds the result of " + r.key();
    } catch (UserError | IOException e) {
      problem = e.getMessage();
    }
    Path aside = file.resolveSibling(file.getFileName() + CORRUPT);
    for (int i = 1; Files.exists(aside); i++) aside = file.resolveSibling(file.getFileName() + CORRUPT + "-" + i);
    try {
      Files.move(file, aside);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read as a result (" + problem + ") nor move it aside: " + e.getMessage());
    }
    log.printf("rulex bench: %s is not a readable result (%s): moved to %s, the cell runs again%n", file, problem, aside.getFileName());
    return false;
  }
}
