package org.rulex.cli;

import java.util.concurrent.Callable;
import org.rulex.sample.SamplerBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Verified training samples per second on one thread. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Verified samples/s on one thread: a length uniform over the lengths with members up to the",
      "maximum, a word uniform among the members of that length, then re-checked by every rule's",
      "and the language's compiled engines (automata, determinised Earley states, Earley charts; the",
      "tests check those against ANTLR's interpreter). Setup (exact counts) is timed apart. Target:",
      "at or above the published Python generators at length 64 (ban 95k, bban 70k, anbn 159k,",
      "dyck 28k, anbncn 123k, csdyck 19k samples/s; those are neither verified nor uniform)."
    })
final class PerfSampleCommand implements Callable<Integer> {
  @Option(names = "--languages", split = ",", defaultValue = "anbn,dyck,anbncn", description = "Languages (default ${DEFAULT-VALUE}).")
  java.util.List<String> languages;

  @Option(names = "--max-lengths", split = ",", defaultValue = "64,256", description = "Maximum lengths (default ${DEFAULT-VALUE}).")
  java.util.List<Integer> maxLengths;

  @Option(names = "--seconds", defaultValue = "3", description = "Measured time per figure (default ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() {
    String header = "# one thread; " + seconds + " s per figure after 1 s warm-up; seed 42\n"
        + String.format("%-12s %10s %18s %12s %10s  %s", "language", "max-length", "verified/s", "mean-length", "setup-s", "drawn by");
    LanguageSweep.print(header, languages, maxLengths, (lang, max) -> {
      SamplerBenchmark.Figures f = SamplerBenchmark.run(lang, max, seconds, 42);
      return String.format("%-12s %10d %18.0f %12.1f %10.2f  %s", lang.name(), max, f.samplesPerSecond(), f.meanLength(), f.setupSeconds(), f.methods());
    });
    return 0;
  }
}
