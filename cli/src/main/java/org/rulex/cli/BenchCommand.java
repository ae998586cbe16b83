package org.rulex.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.Preset;
import org.rulex.bench.Shard;
import org.rulex.report.Report;
import org.rulex.result.CellResult;
import org.rulex.result.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job: the default suite, trained, completed, scored and reported. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run the rule-extrapolation benchmark: for every language x model x seed of a preset,",
      "generate data from the grammar, train (early stopping on validation loss), read the",
      "best-validation checkpoint, complete the ID and OOD prompt sets greedily, score every",
      "rule with both denominators and 95%% intervals, then write report.md and report.html.",
      "",
      "Each cell runs in its own process, --parallel at a time. A cell's result file is",
      "written atomically when it finishes; run the same command again to resume an",
      "interrupted sweep (finished cells are skipped). --shard i/n runs one slice of the",
      "sweep, e.g. one Slurm array task or one Kubernetes indexed-job pod; merge the slices",
      "with 'rulex report DIR...'.",
      ""
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--preset", defaultValue = "quick", paramLabel = "NAME|FILE",
      description = "quick (a smoke test, about 10 minutes on 2 cores), standard (calibrated so models learn; see README), paper (the published scale), nonid-anbn (seed paper 003's 43.7%% figure), or a preset JSON file. Default: ${DEFAULT-VALUE}.")
  String preset;

  @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default: results/bench-<preset>).")
  Path out;

  @Option(names = "--shard", defaultValue = "0/1", paramLabel = "i/n", description = "Run slice i of n (default: all).")
  String shard;

  @Option(names = "--parallel", paramLabel = "N", description = "Cells at a time (default: the number of cores, at most 2).")
  Integer parallel;

  @Option(names = "--no-report", description = "Do not write the report at the end.")
  boolean noReport;

  @Override
  public Integer call() {
    Preset p = Preset.load(preset);
    Path dir = out != null ? out : org.rulex.grammar.Languages.home().resolve("results").resolve("bench-" + p.name());
    int par = parallel != null ? parallel : Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    List<String> child = org.rulex.bench.ChildProcessPool.currentJvmCommand(Main.class.getName());
    BenchRunner.Summary s = new BenchRunner(new BenchRunner.Options(p, dir, Shard.parse(shard), par, child), System.err).run();
    System.err.printf("rulex bench: %d run, %d finished before, %d failed, wall time %s%n", s.ran(), s.skipped(), s.failed().size(), clock(s.wallMillis()));
    if (!noReport) {
      List<CellResult> cells = Results.readAll(dir);
      if (!cells.isEmpty()) {
        Report.write(cells, dir);
        System.out.println(Report.markdownTables(cells));
        System.err.println("rulex bench: report in " + dir.resolve(Report.MARKDOWN) + " and " + dir.resolve(Report.HTML));
      }
    }
    for (String f : s.failed()) System.err.println("failed: " + f);
    return s.failed().isEmpty() ? 0 : 1;
  }

  private static String clock(long ms) {
    long sec = ms / 1000;
    return String.format("%d min %02d s", sec / 60, sec % 60);
  }
}
