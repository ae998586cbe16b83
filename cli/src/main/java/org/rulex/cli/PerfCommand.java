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
final class PerfCommand implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // A command needs a subcommand: without one, the usage on stderr and a user error.
    spec.commandLine().usage(System.err);
    return Main.USER_ERROR;
  }
}
