package org.rulex.cli;

import java.nio.file.Path;
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
  @Option(names = "--out", required = true) Path out;
  @Mixin ParentWatchOption parentWatch;

  @Override
  public Integer call() {
    parentWatch.startIfAsked("bench-cell " + cell);
    new CellRunner(Preset.load(preset), out, System.err).run(Cell.parse(cell));
    return 0;
  }
}
