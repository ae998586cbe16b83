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
import java.util.function.BooleanSupplier;
import org.rulex.UserError;

/**
 * Runs jobs each in its own process, a few at a time, with a progress line per finished job: the
 * machinery shared by the benchmark's cells and the suites' units. A job succeeded when its
 * process exits 0 and its result is there; when the first jobs all fail (a broken build, a bad
 * spec), the rest are not started. Killing this process kills the children (a shutdown hook, and
 * the children's {@link ParentWatch} on their standard input).
 */
public final class ChildProcessPool {

  /**
   * One job: its key (for messages), the full command, where its output goes, and how to tell
   * that it left its result.
   */
  public record Job(String key, List<String> command, Path logFile, BooleanSupplier finished) {}

  /** Jobs that ran and succeeded, the failures (key: reason), and the wall time. */
  public record Outcome(int ran, List<String> failed, long wallMillis) {}

  /** Stop starting jobs when this many have failed and none has succeeded. */
  static final int STOP_AFTER_FAILURES = 3;

  private final int parallel;
  private final PrintStream log;
  private final List<Process> running = Collections.synchronizedList(new ArrayList<>());

  public ChildProcessPool(int parallel, PrintStream log) {
    if (parallel < 1) throw new UserError("--parallel " + parallel + ": run at least 1 at a time");
    this.parallel = parallel;
    this.log = log;
  }

  public Outcome run(List<Job> jobs) {
    Thread killer = new Thread(() -> running.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(killer);
    long start = System.currentTimeMillis();
    AtomicInteger done = new AtomicInteger();
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Job job : jobs) {
        futures.add(pool.submit(() -> {
          if (failed.size() >= STOP_AFTER_FAILURES && done.get() == failed.size()) return null;
          long t0 = System.currentTimeMillis();
          Optional<String> error = runOne(job);
          int n = done.incrementAndGet();
          long elapsed = System.currentTimeMillis() - start;
          long eta = elapsed * (jobs.size() - n) / n;
          if (error.isPresent()) failed.add(job.key() + ": " + error.get());
          log.printf("[%d/%d] %-40s %s in %.0f s (elapsed %s, left about %s)%n", n, jobs.size(), job.key(),
              error.isPresent() ? "FAILED" : "done", (System.currentTimeMillis() - t0) / 1000.0, clock(elapsed), clock(eta));
          error.ifPresent(e -> log.println("    " + e));
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted: finished results are kept; run the same command again to resume");
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
    if (ran == 0 && failed.size() >= STOP_AFTER_FAILURES && done.get() < jobs.size())
      failed.add("stopped after the first " + failed.size() + " failed; " + (jobs.size() - done.get()) + " not run");
    return new Outcome(ran, List.copyOf(failed), System.currentTimeMillis() - start);
  }

  private Optional<String> runOne(Job job) {
    try {
      Files.createDirectories(job.logFile().getParent());
      // A resumed cell's log keeps what its interrupted attempt wrote (how far it got, what was recovered).
      if (Files.exists(job.logFile()) && Files.size(job.logFile()) > 0)
        Files.writeString(job.logFile(), "--- rulex bench: the cell runs again; the lines above are an earlier, interrupted attempt ---\n",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      // Standard input stays a pipe this process holds open and never writes: the child's
      // ParentWatch sees it close when this process dies.
      Process p = new ProcessBuilder(job.command()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(job.logFile().toFile()))
          .redirectInput(ProcessBuilder.Redirect.PIPE).start();
      running.add(p);
      int code = p.waitFor();
      running.remove(p);
      p.getOutputStream().close();
      if (code != 0 || !job.finished().getAsBoolean())
        return Optional.of("exit code " + code + ", see " + job.logFile() + ": " + lastLine(job.logFile()));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot run the process: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
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
