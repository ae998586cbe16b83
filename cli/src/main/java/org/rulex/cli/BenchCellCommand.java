package org.rulex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.Cell;
import org.rulex.bench.CellRunner;
import org.rulex.bench.ParentWatch;
import org.rulex.bench.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One cell of a sweep, in its own process; started by 'rulex bench', not by hand. */
@Command(name = "bench-cell", hidden = true, mixinStandardHelpOptions = true, description = "Run one benchmark cell (used by 'rulex bench').")
final class BenchCellCommand implements Callable<Integer> {
  @Option(names = "--preset", required = true) String preset;
  @Option(names = "--cell", required = true) String cell;
  @Option(names = "--out", required = true) Path out;
  @Option(names = BenchRunner.WATCH_PARENT, description = "Stop when standard input closes (the sweep died).") boolean watchParent;

  @Override
  public Integer call() {
    if (watchParent)
      ParentWatch.start(System.in, () -> {
        System.err.println("rulex bench-cell " + cell + ": the sweep that started this cell is gone; stopping");
        System.err.flush();
        // halt, not exit: no shutdown hook may keep a cell training that nobody waits for.
        Runtime.getRuntime().halt(Main.INTERNAL_ERROR);
      });
    new CellRunner(Preset.load(preset), out, System.err).run(Cell.parse(cell));
    return 0;
  }
}
