package org.rulex.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.rulex.perf.TorchReference;

/** What the speed benchmarks print beside their figures: the machine's load, lists of ratios. */
final class PerfLoad {
  private PerfLoad() {}

  /** The 1-, 5- and 15-minute load averages and the number of cores, or "unknown". */
  static String now() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String list(List<Double> xs) {
    return xs.stream().map(TorchReference::ratio).collect(Collectors.joining(", "));
  }
}
