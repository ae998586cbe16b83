package org.rulex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rulex.UserError;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.Sweep;
import org.rulex.bench.SweepRunner;
import org.rulex.suite.SuiteRunner;
import org.rulex.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One unit of a sweep (a bench cell, a suite unit), in its own process; started by 'rulex bench' and 'rulex suite', not by hand. */
@Command(name = SweepRunner.UNIT_COMMAND, hidden = true, mixinStandardHelpOptions = true,
    description = "Run one unit of a sweep (used by 'rulex bench' and 'rulex suite').")
final class RunUnitCommand implements Callable<Integer> {
  @Option(names = "--sweep", required = true, paramLabel = "PINNED",
      description = "The sweep's pinned definition: OUT/preset.json (a bench) or OUT/spec.json (a suite).")
  Path pinned;

  @Option(names = "--unit", required = true, paramLabel = "KEY") String unit;

  @Mixin ChildProcessOptions child;

  @Override
  public Integer call() {
    child.watchParentIfAsked(SweepRunner.UNIT_COMMAND + " " + unit);
    String name = pinned.getFileName().toString();
    Sweep sweep;
    if (name.equals(BenchRunner.PRESET_FILE)) sweep = BenchRunner.ofPinned(pinned, System.err);
    else if (name.equals(SuiteRunner.SPEC_FILE)) sweep = new SuiteRunner(Suites.load(pinned.toString()), child.out, System.err);
    else throw new UserError(pinned + ": not a pinned sweep definition (" + BenchRunner.PRESET_FILE + " or " + SuiteRunner.SPEC_FILE + ")");
    sweep.runUnit(child.out, unit);
    return 0;
  }
}
