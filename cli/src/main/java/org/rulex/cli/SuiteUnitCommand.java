package org.rulex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.ParentWatch;
import org.rulex.suite.SuiteRunner;
import org.rulex.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One unit of a suite, in its own process; started by 'rulex suite', not by hand. */
@Command(name = SuiteRunner.UNIT_COMMAND, hidden = true, mixinStandardHelpOptions = true, description = "Run one suite unit (used by 'rulex suite').")
final class SuiteUnitCommand implements Callable<Integer> {
  @Option(names = "--spec", required = true) Path spec;
  @Option(names = "--unit", required = true) String unit;
  @Option(names = "--out", required = true) Path out;
  @Option(names = BenchRunner.WATCH_PARENT, description = "Stop when standard input closes (the suite run died).") boolean watchParent;

  @Override
  public Integer call() {
    if (watchParent)
      ParentWatch.start(System.in, () -> {
        System.err.println("rulex suite-unit " + unit + ": the run that started this unit is gone; stopping");
        System.err.flush();
        Runtime.getRuntime().halt(Main.INTERNAL_ERROR);
      });
    new SuiteRunner(Suites.load(spec.toString()), out, System.err).runUnit(unit);
    return 0;
  }
}
