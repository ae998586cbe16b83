package org.rulex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rulex.suite.SuiteRunner;
import org.rulex.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One unit of a suite, in its own process; started by 'rulex suite', not by hand. */
@Command(name = SuiteRunner.UNIT_COMMAND, hidden = true, mixinStandardHelpOptions = true, description = "Run one suite unit (used by 'rulex suite').")
final class SuiteUnitCommand implements Callable<Integer> {
  @Option(names = "--spec", required = true) Path spec;
  @Option(names = "--unit", required = true) String unit;
  @Mixin ChildProcessOptions child;

  @Override
  public Integer call() {
    child.watchParentIfAsked("suite-unit " + unit);
    new SuiteRunner(Suites.load(spec.toString()), child.out, System.err).runUnit(unit);
    return 0;
  }
}
