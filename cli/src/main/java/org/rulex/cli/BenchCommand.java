package org.rulex.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.Preset;
import org.rulex.report.Report;
import org.rulex.result.CellResult;
import org.rulex.result.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "with 'rulex report DIR...'. A cell killed while writing a checkpoint resumes from the",
      "previous one, or, with none complete, trains again; its log says which.",
      "",
      "A preset's languages and models are plain names (letters, digits, '.', '_', '-'; no",
      "\"..\"): every file of a cell is named after them, inside the output directory.",
      "",
      "Warning: resuming loads the checkpoints in the output directory, parsed by native",
      "code, and a preset's externalModels run as code (a TorchScript file is a program, a",
      "process model a command): resume sweeps and run presets only from a source you trust.",
      ""
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--preset", defaultValue = "quick", paramLabel = "NAME|FILE",
      description = "quick (a smoke test, about 6 minutes on 2 idle cores), standard (six languages x the five published architectures, linear attention and two baselines x five seeds; see docs/bench.md), standard-core (its linear, LSTM and transformer cells: 150 cells, 77 minutes on 2 shared cores), paper (the published scale), nonid-anbn (seed paper 003's 43.7%% figure), or a preset JSON file. Default: ${DEFAULT-VALUE}.")
  String preset;

  @Mixin SweepOptions sweep;

  @Override
  public Integer call() {
    Preset p = Preset.load(preset);
    Path dir = sweep.dir("bench", p.name());
    List<String> child = org.rulex.bench.ChildProcessPool.currentJvmCommand(Main.class.getName());
    BenchRunner.Summary s = new BenchRunner(new BenchRunner.Options(p, dir, sweep.slice(), sweep.parallel(), child), System.err).run();
    SweepOptions.printSummary("bench", s.ran(), s.skipped(), s.failed(), s.wallMillis());
    if (!sweep.noReport) {
      List<CellResult> cells = Results.readAll(dir);
      if (!cells.isEmpty()) {
        Report.write(cells, dir);
        System.out.println(Report.markdownTables(cells));
        System.err.println("rulex bench: report in " + dir.resolve(Report.MARKDOWN) + " and " + dir.resolve(Report.HTML));
      }
    }
    return SweepOptions.exitCode(s.failed());
  }
}
