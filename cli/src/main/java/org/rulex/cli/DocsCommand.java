package org.rulex.cli;

import picocli.CommandLine.Command;

/** Pages of docs/ that are generated from the code (hidden: a maintainer's tool, not a user's). */
@Command(
    name = "docs",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Print a generated page of docs/: 'rulex docs cli > docs/cli.md'.",
    subcommands = {DocsCommand.Cli.class})
final class DocsCommand implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // A command needs a subcommand: without one, the usage on stderr and a user error.
    spec.commandLine().usage(System.err);
    return Main.USER_ERROR;
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
