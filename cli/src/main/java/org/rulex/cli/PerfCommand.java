package org.rulex.cli;

import picocli.CommandLine.Command;

/** Benchmarks: each subcommand states what it measures and prints figures, one line each. */
@Command(
    name = "perf",
    mixinStandardHelpOptions = true,
    description = {
      "Speed benchmarks. Each prints what it measures, the settings, and the figures.",
      "Run them on an idle machine; figures in docs/performance.md were made with these commands."
    },
    subcommands = {PerfGrammarCommand.class, PerfTrainCommand.class, PerfDecodeCommand.class, PerfSampleCommand.class})
final class PerfCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
