package org.rulex.cli;

import org.rulex.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The rulex command line: one verb a subcommand, each --help a page of the manual. */
@Command(
    name = "rulex",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = {
      "Rule extrapolation on formal languages: generate data from ANTLR grammars, train small",
      "language models, and score whether their completions of out-of-distribution prompts",
      "still obey the rules the prompt did not break.",
      ""
    },
    subcommands = {
      LanguagesCommand.class,
      GrammarCommand.class, PromptsCommand.class, GenerateCommand.class,
      PerfCommand.class,
      TrainCommand.class,
      BenchCommand.class,
      EvalCommand.class,
      BenchCellCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for an error the user can fix (bad input, bad flag, incompatible file). */
  public static final int USER_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; tests call this instead of main. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UserError) {
            commandLine.getErr().println("rulex: " + ex.getMessage());
            return USER_ERROR;
          }
          throw ex;
        });
    cl.setParameterExceptionHandler(
        (ex, args2) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("rulex: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
          return USER_ERROR;
        });
    return cl.execute(args);
  }
}
