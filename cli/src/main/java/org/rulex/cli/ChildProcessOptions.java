package org.rulex.cli;

import java.nio.file.Path;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.ParentWatch;
import picocli.CommandLine.Option;

/**
 * What every child process of a run is started with (a picocli mixin): the run's results
 * directory, and the flag to stop when the run dies (see ChildProcessPool).
 */
final class ChildProcessOptions {
  @Option(names = "--out", required = true, description = "The run's results directory.")
  Path out;

  @Option(names = BenchRunner.WATCH_PARENT, description = "Stop when standard input closes (the run that started this process died).")
  boolean watchParent;

  /** With the flag, watches standard input; when it closes, says which child stops and halts the JVM. */
  void watchParentIfAsked(String child) {
    if (!watchParent) return;
    ParentWatch.start(System.in, () -> {
      System.err.println("rulex " + child + ": the run that started it is gone; stopping");
      System.err.flush();
      // halt, not exit: no shutdown hook may keep a child working that nobody waits for.
      Runtime.getRuntime().halt(Main.INTERNAL_ERROR);
    });
  }
}
