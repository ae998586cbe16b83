package org.rulex.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rulex.UserError;
import org.rulex.bench.Completeness;
import org.rulex.report.Report;
import org.rulex.result.CellResult;
import org.rulex.result.Results;
import org.rulex.suite.SuiteRunner;
import org.rulex.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the benchmark report from one or more results directories. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write report.md and report.html from the cell results under one or more",
      "results directories, and print the main tables. The HTML is one",
      "self-contained page: tables, bar charts of rule extrapolation per model,",
      "validation-loss curves.",
      "Several directories are shards of one sweep: their cells are merged into",
      "<out>/cells/ first; one cell with two different results is an error.",
      "The cells of the preset pinned beside the results (each bench directory's",
      "preset.json, also one level down) are checked: cells without a result (a",
      "shard that failed, was cancelled or has not finished) are named, with their",
      "logs, and the report is written with a warning, exit code 1.",
      "Entries are mean ± std over seeds; accuracies over all prompts (unfinished",
      "= failure), finished-only in parentheses. The published reference numbers",
      "stand beside them, labelled (finished-only, max over training).",
      "A suite's directory ('rulex suite') gets its report.md, report.html and",
      "summary.json from the units finished so far; several directories of one",
      "suite spec are its shards, merged into --out (default: the first) first.",
      ""
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR", description = "Results directories (a bench --out, or shards of one).")
  List<Path> dirs;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: the first results directory).")
  Path out;

  @Override
  public Integer call() {
    for (Path d : dirs) if (!Files.isDirectory(d)) throw new UserError(d + ": no such results directory");
    List<Path> suiteDirs = SuiteRunner.suiteDirs(dirs);
    if (!suiteDirs.isEmpty()) {
      // One suite directory is reported where it is; several are shards of one run, merged first.
      Path target = suiteDirs.size() == 1 ? suiteDirs.get(0) : out != null ? out : suiteDirs.get(0);
      SuiteRunner runner = suiteDirs.size() == 1 ? new SuiteRunner(Suites.load(SuiteRunner.specFile(target).toString()), target, System.err)
          : SuiteRunner.merge(suiteDirs, target, System.err);
      runner.writeReport();
      System.out.println("rulex report: " + runner.label() + (suiteDirs.size() > 1 ? ", " + suiteDirs.size() + " shards merged" : "") + "; wrote "
          + target.resolve("report.md") + " and " + target.resolve("report.html"));
    }
    if (!suiteDirs.isEmpty() && suiteDirs.size() == dirs.size()) return 0;
    dirs = dirs.stream().filter(d -> !suiteDirs.contains(d)).toList();
    Path target = out != null ? out : dirs.get(0);
    List<CellResult> cells = dirs.size() == 1 ? Results.readAll(dirs.get(0)) : Results.merge(dirs, target);
    if (cells.isEmpty())
      throw new UserError("no results found under " + dirs + ": a result is a JSON file with \"schema\": \"" + CellResult.SCHEMA + "\" (run 'rulex bench' first)");
    if (!dirs.contains(target)) Completeness.pinMerged(dirs, target);
    Completeness.Check check = Completeness.check(dirs, cells.stream().map(CellResult::key).toList());
    Report.write(cells, target, check.complete() ? List.of() : List.of(check.warning()));
    System.out.print(Report.markdownTables(cells));
    System.out.println("rulex report: " + cells.size() + " results; wrote " + target.resolve(Report.MARKDOWN) + " and " + target.resolve(Report.HTML));
    // The headline's provenance warnings, also where a script or a terminal reads the run.
    Report.provenanceWarnings(cells).forEach(w -> System.err.println("rulex report: " + w));
    if (check.presets().isEmpty()) {
      System.err.println("rulex report: no preset.json beside the results: which cells of the sweep are missing, if any, cannot be told");
      return 0;
    }
    if (check.complete()) {
      System.err.println("rulex report: all " + check.expected() + " cells of preset " + String.join(", ", check.presets()) + " have a result");
      return 0;
    }
    System.err.println("rulex report: " + check.missing().size() + " of " + check.expected() + " cells of preset " + String.join(", ", check.presets())
        + " have no result; run their shards again (finished cells are skipped, interrupted ones resume):");
    check.logs().forEach((key, log) -> System.err.println("  " + key + (log == null ? "  (never started: no log)" : "  (log: " + log + ")")));
    return 1;
  }
}
