package org.rulex.cli;

import picocli.CommandLine.Command;

/** Pages of docs/ that are generated from the code (hidden: a maintainer's tool, not a user's). */
@Command(
    name = "docs",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Print a generated page of docs/: 'rulex docs cli > docs/cli.md'.",
    subcommands = {DocsCommand.Cli.class, DocsCommand.Schemas.class})
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

  @Command(name = "schemas", mixinStandardHelpOptions = true, description = "Write schemas/*.schema.json, the JSON Schemas of the files rulex reads, derived from its records.")
  static final class Schemas implements Runnable {
    @picocli.CommandLine.Parameters(index = "0", defaultValue = "schemas", description = "The directory to write (default: schemas).")
    java.nio.file.Path dir;

    @Override
    public void run() {
      JsonSchemas.all().forEach((name, text) -> org.rulex.AtomicFile.write(dir.resolve(name), text));
    }
  }
}
