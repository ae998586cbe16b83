package org.rulex.cli;

import java.util.concurrent.Callable;
import org.rulex.bench.Cell;
import org.rulex.bench.CellRunner;
import org.rulex.bench.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One cell of a sweep, in its own process; started by 'rulex bench', not by hand. */
@Command(name = "bench-cell", hidden = true, mixinStandardHelpOptions = true, description = "Run one benchmark cell (used by 'rulex bench').")
final class BenchCellCommand implements Callable<Integer> {
  @Option(names = "--preset", required = true) String preset;
  @Option(names = "--cell", required = true) String cell;
  @Mixin ChildProcessOptions child;

  @Override
  public Integer call() {
    child.watchParentIfAsked("bench-cell " + cell);
    new CellRunner(Preset.load(preset), child.out, System.err).run(Cell.parse(cell));
    return 0;
  }
}
