package org.rulex.suite;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a running unit may use: the suite's output directory (for scratch files under
 * out/scratch/KEY; results go through the runner) and a log for progress lines.
 */
public record SuiteContext(Path out, PrintStream log) {

  /** A scratch directory of this unit's own, created on demand by the caller. */
  public Path scratch(String key) {
    return out.resolve("scratch").resolve(key);
  }
}
