package org.rulex.cli;

import org.rulex.bench.BenchRunner;
import org.rulex.bench.ParentWatch;
import picocli.CommandLine.Option;

/** The flag of a child process started by a sweep: stop when the sweep dies (a picocli mixin). */
final class ParentWatchOption {
  @Option(names = BenchRunner.WATCH_PARENT, description = "Stop when standard input closes (the run that started this process died).")
  boolean watchParent;

  /** With the flag, watches standard input; when it closes, says which child stops and halts the JVM. */
  void startIfAsked(String child) {
    if (!watchParent) return;
    ParentWatch.start(System.in, () -> {
      System.err.println("rulex " + child + ": the run that started it is gone; stopping");
      System.err.flush();
      // halt, not exit: no shutdown hook may keep a child working that nobody waits for.
      Runtime.getRuntime().halt(Main.INTERNAL_ERROR);
    });
  }
}
