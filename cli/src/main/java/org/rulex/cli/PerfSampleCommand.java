package org.rulex.cli;

import java.util.concurrent.Callable;
import org.rulex.perf.SamplerBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Verified training samples per second on one thread. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Verified samples/s on one thread: a length uniform over the lengths with",
      "members up to the maximum, a word uniform among the members of that length,",
      "then re-checked by every rule's and the language's compiled engines. Setup",
      "(exact counts) is timed apart. Warm-up lasts until the rate settles (the JIT",
      "compiler is slow on a busy machine); per-cpu-s counts per second of the",
      "thread's CPU time, which a busy machine disturbs far less than wall time.",
      "",
      "Target: at or above the published Python generators at length 64, which",
      "are neither verified nor uniform; time them on the same machine with",
      "  /usr/bin/python3 generator/src/test/python/published_rate.py --repo DIR",
      "(DIR: a checkout of the published rule_extrapolation repository)."
    })
final class PerfSampleCommand implements Callable<Integer> {
  @Option(names = "--languages", split = ",", defaultValue = "anbn,dyck,anbncn", description = "Languages (default ${DEFAULT-VALUE}).")
  java.util.List<String> languages;

  @Option(names = "--max-lengths", split = ",", defaultValue = "64,256", description = "Maximum lengths (default ${DEFAULT-VALUE}).")
  java.util.List<Integer> maxWordLengths;

  @Option(names = "--seconds", defaultValue = "3", description = "Measured time per figure (default ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() {
    String header = "# one thread; " + seconds + " s per figure after warm-up (until the rate settles); seed 42; per-cpu-s: per second of"
        + " the thread's CPU time, steadier than wall time on a busy machine\n"
        + String.format("%-12s %10s %14s %14s %12s %10s  %s", "language", "max-length", "verified/s", "per-cpu-s", "mean-length", "setup-s", "drawn by");
    LanguageSweep.print(header, languages, maxWordLengths, (lang, max) -> {
      SamplerBenchmark.Figures f = SamplerBenchmark.run(lang, max, seconds, 42);
      return String.format("%-12s %10d %14.0f %14.0f %12.1f %10.2f  %s", lang.name(), max, f.samplesPerSecond(), f.perCpuSecond(),
          f.meanLength(), f.setupSeconds(), f.methods());
    });
    return 0;
  }
}
