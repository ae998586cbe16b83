package org.rulex.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** Stop when this many cells have failed and none has succeeded. */
  static final int STOP_AFTER_FAILURES = 3;

  private final Options options;
  private final PrintStream log;
  private final List<Process> running = Collections.synchronizedList(new ArrayList<>());

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
    Thread killer = new Thread(() -> running.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(killer);
    long start = System.currentTimeMillis();
    AtomicInteger done = new AtomicInteger();
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.parallel()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Cell c : todo) {
        futures.add(pool.submit(() -> {
          // The first cells all failing means every cell will (a broken build, a bad preset): stop.
          if (failed.size() >= STOP_AFTER_FAILURES && done.get() == failed.size()) return null;
          long t0 = System.currentTimeMillis();
          Optional<String> error = runCell(c);
          int n = done.incrementAndGet();
          long elapsed = System.currentTimeMillis() - start;
          long eta = n == 0 ? 0 : elapsed * (todo.size() - n) / n;
          if (error.isPresent()) failed.add(c.key() + ": " + error.get());
          log.printf("[%d/%d] %-40s %s in %.0f s (elapsed %s, left about %s)%n", n, todo.size(), c.key(),
              error.isPresent() ? "FAILED" : "done", (System.currentTimeMillis() - t0) / 1000.0, clock(elapsed), clock(eta));
          error.ifPresent(e -> log.println("    " + e));
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted: finished cells are kept; run the same command again to resume");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException ignored) {
        // the JVM is already shutting down: the hook runs
      }
    }
    int ran = done.get() - failed.size();
    if (ran == 0 && failed.size() >= STOP_AFTER_FAILURES && done.get() < todo.size())
      failed.add("stopped after the first " + failed.size() + " cells failed; " + (todo.size() - done.get()) + " cells not run");
    return new Summary(skipped, ran, List.copyOf(failed), System.currentTimeMillis() - start);
  }

  private Optional<String> runCell(Cell c) {
    Path out = options.out();
    Path logFile = out.resolve("logs").resolve(c.key() + ".log");
    List<String> cmd = new ArrayList<>(options.childCommand());
    cmd.addAll(List.of("bench-cell", "--preset", presetFile(out).toString(), "--cell", c.key(), "--out", out.toString(), WATCH_PARENT));
    try {
      // Standard input stays a pipe this process holds open and never writes: the child's
      // ParentWatch sees it close when this process dies.
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE).start();
      running.add(p);
      int code = p.waitFor();
      running.remove(p);
      p.getOutputStream().close();
      if (code != 0 || !finished(out, c, log)) return Optional.of("exit code " + code + ", see " + logFile + ": " + lastLine(logFile));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot run the cell process: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
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

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).trim();
    } catch (IOException ignored) {
      // no log: nothing to quote
    }
    return "";
  }

  /** The command that starts this same program in a new JVM: same java, class path and JVM options. */
  public static List<String> currentJvmCommand(String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
      if (arg.startsWith("-X") || arg.startsWith("-D")) cmd.add(arg);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    return cmd;
  }

  static String clock(long millis) {
    long s = millis / 1000;
    return String.format("%d:%02d", s / 60, s % 60);
  }
}
