package org.rulex.cli;

import java.util.concurrent.Callable;
import org.rulex.perf.GrammarBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Membership and viable-prefix checks per second on one core. */
@Command(
    name = "grammar",
    mixinStandardHelpOptions = true,
    description = {
      "Language membership checks/s (ANTLR interpreter, SLL then LL) and exact viable-prefix",
      "checks/s (Earley over the ATN, fresh parse states per check) on one thread, for random",
      "words of each length: half members of the language, half random words. Target: at least",
      "50,000 membership checks/s for anbn."
    })
final class PerfGrammarCommand implements Callable<Integer> {
  @Option(names = "--languages", split = ",", defaultValue = "anbn,dyck", description = "Languages (default ${DEFAULT-VALUE}).")
  java.util.List<String> languages;

  @Option(names = "--lengths", split = ",", defaultValue = "20,32,64", description = "Word lengths (default ${DEFAULT-VALUE}).")
  java.util.List<Integer> lengths;

  @Option(names = "--seconds", defaultValue = "2", description = "Measured time per figure (default ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() {
    String header = "# one thread; " + seconds + " s per figure after warm-up (until the rate settles); words: half members, half uniform random\n"
        + String.format("%-8s %6s %18s %18s", "language", "length", "membership/s", "viable-prefix/s");
    LanguageSweep.print(header, languages, lengths, (lang, n) -> {
      GrammarBenchmark.Figures f = GrammarBenchmark.run(lang, n, seconds, 42);
      return String.format("%-8s %6d %18.0f %18.0f", lang.name(), n, f.membershipPerSecond(), f.viablePrefixPerSecond());
    });
    return 0;
  }
}
