package org.rulex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rulex.bench.ChildProcessPool;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.SuiteRunner;
import org.rulex.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A seed paper's experiment, reproduced on rulex's generators and models. */
@Command(
    name = "suite",
    mixinStandardHelpOptions = true,
    description = {
      "Run a suite: the experiment of a seed paper on in-context learning, on",
      "rulex's own generators, models and scorers; then write report.md,",
      "report.html and summary.json.",
      "",
      "  hijack     induction heads and knowledge hijack",
      "             (Wang & Sato 2024, after Bietti et al. 2023)",
      "  diversity  task diversity and the emergence of in-context learning",
      "             (Li, Bai & Huang 2024)",
      "  rules      rule- versus exemplar-based generalisation, in weights and",
      "             in context (Chan et al. 2022); design v2, with design v1",
      "             kept as rules-v1",
      "",
      "A suite is data: give a spec JSON file instead of a name to vary its",
      "settings (start from the built-in one, pinned as DIR/spec.json by a run).",
      "A suite is cut into units (one model, seed and condition), each run in",
      "its own process, --parallel at a time, its result written atomically to",
      "DIR/units/; run the same command again to resume (finished units are",
      "skipped). --shard i/n runs one slice; 'rulex report DIR' rewrites the",
      "report from whatever units are finished.",
      ""
    })
final class SuiteCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|FILE", description = "hijack, diversity, rules, rules-v1, or a suite spec JSON file.")
  String suite;

  @Mixin SweepOptions sweep;

  @Override
  public Integer call() {
    Suites.Loaded loaded = Suites.load(suite);
    int parallel = sweep.parallel();
    Path dir = sweep.dir("suite", loaded.suite().name());
    SuiteRunner runner = new SuiteRunner(loaded, dir, System.err);
    SuiteRunner.Summary s = runner.run(sweep.slice(), parallel, ChildProcessPool.currentJvmCommand(Main.class.getName()));
    SweepOptions.printSummary("suite " + loaded.suite().name(), s.ran(), s.skipped(), s.failed(), s.wallMillis());
    if (!sweep.noReport) {
      SuiteReport r = runner.writeReport();
      System.out.println(r.markdown().strip());
      System.err.println("rulex suite: report in " + dir.resolve("report.md") + " and " + dir.resolve("report.html"));
    }
    return SweepOptions.exitCode(s.failed());
  }
}
