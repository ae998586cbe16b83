package org.rulex.cli;

import picocli.CommandLine.Command;

/** Pages of docs/ that are generated from the code (hidden: a maintainer's tool, not a user's). */
@Command(
    name = "docs",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Print a generated page of docs/: 'rulex docs cli > docs/cli.md'.",
    subcommands = {DocsCommand.Cli.class})
final class DocsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "cli", mixinStandardHelpOptions = true, description = "Print docs/cli.md, the command-line reference, rendered from every command's --help.")
  static final class Cli implements Runnable {
    @Override
    public void run() {
      System.out.print(CliReference.markdown());
      System.out.flush();
    }
  }
}
