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
      SuiteCommand.class,
      RunUnitCommand.class,
      ReportCommand.class,
      DocsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements java.util.concurrent.Callable<Integer> {
  /** Exit code for an error the user can fix (bad input, bad flag, incompatible file). */
  public static final int USER_ERROR = 2;

  /** Exit code for a fault in rulex itself: distinct from 1 (a failed regression check) and 2. */
  public static final int INTERNAL_ERROR = 3;

  /** Set (to anything but 0) to see the stack trace of an internal error. */
  public static final String DEBUG_ENV = "RULEX_DEBUG";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // A command needs a subcommand: without one, the usage on stderr and a user error.
    spec.commandLine().usage(System.err);
    return Main.USER_ERROR;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; tests call this instead of main. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    HelpText.reflow(cl);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> exitCodeFor(ex, commandLine.getErr(), debug()));
    cl.setParameterExceptionHandler(
        (ex, args2) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("rulex: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
          return USER_ERROR;
        });
    return cl.execute(args);
  }

  /**
   * The one place a failure becomes an exit code. A user error (anywhere in the cause chain, so
   * that wrapping by an executor does not hide it) or a file the user named that is missing or
   * unreadable: one line, exit 2. Anything else is a fault in rulex: one line naming it, exit 3,
   * and the stack trace only when asked for, since a trace tells a user nothing they can act on.
   */
  static int exitCodeFor(Exception ex, java.io.PrintWriter err, boolean debug) {
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof UserError) {
        err.println("rulex: " + c.getMessage());
        return USER_ERROR;
      }
      if (c instanceof java.nio.file.NoSuchFileException f) {
        err.println("rulex: " + f.getFile() + ": no such file or directory");
        return USER_ERROR;
      }
      if (c instanceof java.nio.file.AccessDeniedException f) {
        err.println("rulex: " + f.getFile() + ": permission denied");
        return USER_ERROR;
      }
    }
    String what = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage().lines().findFirst().orElse(""));
    err.println("rulex: internal error: " + what);
    if (debug) ex.printStackTrace(err);
    else err.println("rulex: this is a fault in rulex, not in your input; run again with " + DEBUG_ENV + "=1 for the stack trace and report it");
    err.flush();
    return INTERNAL_ERROR;
  }

  private static boolean debug() {
    String v = System.getenv(DEBUG_ENV);
    if (v == null) v = System.getProperty("rulex.debug");
    return v != null && !v.isEmpty() && !v.equals("0");
  }
}
