package org.rulex.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.rulex.AtomicFile;
import org.rulex.UserError;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.Preset;
import org.rulex.result.CellResult;

/**
 * The benchmark report: per language and model, the metrics as mean ± std over seeds, beside
 * the published reference numbers where they exist. Written as report.md and as one
 * self-contained report.html (inline CSS and SVG, no scripts, no external files). The same
 * results always give byte-identical files. The figures are computed in {@link CellGroup}, laid
 * out in {@link ReportTables} and {@link ReportCharts}; this class assembles the two pages.
 */
public final class Report {
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";

  private final List<CellGroup> groups;
  private final List<String> models;
  private final int cellCount;
  private final ReportTables tables;
  /** "Preset NAME: what it is for", from the preset pinned beside the results; null when there is none. */
  private final String preset;
  /** What a reader must know before the numbers: cells of several experiments or code revisions; empty when none. */
  private final List<String> warnings;
  /** The verdict counts of the replication, or empty. */
  private final String verdicts;

  private Report(List<CellResult> cells, String preset) {
    this(cells, preset, List.of());
  }

  private Report(List<CellResult> cells, String preset, List<String> extraWarnings) {
    List<CellResult> sorted = cells.stream().sorted(Comparator.comparing(CellResult::key)).toList();
    this.cellCount = cells.size();
    this.groups = CellGroup.of(sorted);
    this.models = sorted.stream().map(c -> c.config().model()).distinct().sorted().toList();
    this.tables = new ReportTables(sorted, groups);
    this.preset = preset;
    List<String> w = new java.util.ArrayList<>(extraWarnings);
    w.addAll(provenanceWarnings(sorted));
    this.warnings = List.copyOf(w);
    this.verdicts = ReportTables.verdictCounts(Replication.of(sorted));
  }

  /**
   * Cells from more than one preset, code revision or a dirty tree: the figures may not describe
   * one experiment, and a committed run must come from one clean commit.
   */
  static List<String> provenanceWarnings(List<CellResult> cells) {
    List<String> out = new java.util.ArrayList<>();
    var presets = new java.util.TreeMap<String, Integer>();
    var revisions = new java.util.TreeMap<String, Integer>();
    int dirty = 0;
    for (CellResult c : cells) {
      presets.merge(c.config().preset() == null ? "(none)" : c.config().preset(), 1, Integer::sum);
      revisions.merge(c.gitRevision() == null ? "unknown" : c.gitRevision(), 1, Integer::sum);
      if (!c.gitDirty().isEmpty()) dirty++;
    }
    if (presets.size() > 1) out.add("Warning: these results mix " + presets.size() + " presets (" + tally(presets) + "): the figures may not describe one experiment.");
    if (revisions.size() > 1) out.add("Warning: these results come from " + revisions.size() + " code revisions (" + tally(revisions) + ").");
    if (dirty > 0) out.add("Warning: " + dirty + " of " + cells.size() + " results come from a working tree with uncommitted changes.");
    return List.copyOf(out);
  }

  private static String tally(java.util.Map<String, Integer> m) {
    return m.entrySet().stream().map(e -> (e.getKey().length() == 40 ? e.getKey().substring(0, 12) : e.getKey()) + ": " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Writes report.md, report.html and the tidy results.csv into outDir. */
  public static void write(List<CellResult> cells, Path outDir) {
    write(cells, outDir, List.of());
  }

  /** The same, with warnings of the caller's first (cells of the sweep without a result). */
  public static void write(List<CellResult> cells, Path outDir, List<String> warnings) {
    Report r = new Report(cells, presetLine(outDir), warnings);
    // AtomicFile creates the directory and names it in its error
    AtomicFile.write(outDir.resolve(MARKDOWN), r.markdown());
    AtomicFile.write(outDir.resolve(HTML), r.html());
    AtomicFile.write(outDir.resolve(ResultsTable.FILE), ResultsTable.csv(cells));
  }

  /** The Markdown report. */
  public static String markdown(List<CellResult> cells) {
    return new Report(cells, null).markdown();
  }

  /** The HTML report: one self-contained page. */
  public static String html(List<CellResult> cells) {
    return new Report(cells, null).html();
  }

  /** The two main tables alone, for the terminal. */
  public static String markdownTables(List<CellResult> cells) {
    ReportTables t = new Report(cells, null).tables;
    StringBuilder sb = new StringBuilder();
    for (Table table : List.of(t.id(), t.ood())) sb.append("## ").append(table.title()).append("\n\n").append(MarkdownTable.of(table.header(), table.rows())).append("\n");
    return sb.toString();
  }

  /**
   * The pinned preset's name and description, so that a report says what its run was for (the
   * quick preset's says it is a smoke test); null without a readable preset.json.
   */
  static String presetLine(Path dir) {
    Path file = BenchRunner.presetFile(dir);
    if (!Files.isRegularFile(file)) return null;
    try {
      Preset p = Preset.load(file.toString());
      return "Preset " + p.name() + (p.description() == null || p.description().isBlank() ? "." : ": " + p.description());
    } catch (UserError e) {
      return null; // a preset of an older rulex: the report stands without the line
    }
  }

  private String intro() {
    return cellCount + " results: " + groups.stream().map(CellGroup::language).distinct().count() + " languages, "
        + models.size() + " models. Every entry is the mean ± sample standard deviation over seeds (seeds column: n); "
        + "every metric is read at one selected checkpoint (see Cells). Accuracies are over all prompts, "
        + "an unfinished completion (no EOS within the budget) counting as a failure; in parentheses, over finished completions only. "
        + "The decoding budget lets every prompt reach the longest training word and end. uniform and stop-at-once are baselines "
        + "that go through the same decoding and scoring as the trained models.";
  }

  private String markdown() {
    StringBuilder sb = new StringBuilder("# rulex report\n\n");
    if (preset != null) sb.append("**").append(preset).append("**\n\n");
    for (String w : warnings) sb.append("**").append(w).append("**\n\n");
    sb.append(intro()).append("\n");
    if (!verdicts.isEmpty()) sb.append("\n").append(verdicts).append(" See Replication of the published ranking.\n");
    for (Table t : tables.all()) sb.append(t.markdownSection());
    return sb.toString();
  }

  private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}\n"
      + "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}\n"
      + "th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;white-space:nowrap}\n"
      + "th{background:#f0f0f0;white-space:normal;vertical-align:bottom}td:nth-child(-n+2){text-align:left}\n"
      + "div.table{overflow-x:auto}\n"
      + "p.note{font-size:13px;color:#555;max-width:60em}\n"
      + ".charts{display:flex;flex-wrap:wrap;gap:1em}\n"
      + "figure{margin:0}figcaption{font-size:12px;color:#555;max-width:520px}\n"
      + "svg text{font-family:system-ui,sans-serif}\n";

  /** The main tables, the charts, then the remaining tables. */
  private String html() {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rulex report</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>rulex report</h1>\n")
        .append(preset == null ? "" : "<p><strong>" + Html.escape(preset) + "</strong></p>\n");
    for (String w : warnings) sb.append("<p><strong>").append(Html.escape(w)).append("</strong></p>\n");
    sb.append("<p>").append(Html.escape(intro())).append("</p>\n");
    if (!verdicts.isEmpty()) sb.append("<p>").append(Html.escape(verdicts + " See Replication of the published ranking.")).append("</p>\n");
    for (Table t : List.of(tables.id(), tables.ood())) sb.append(t.htmlSection());
    sb.append(new ReportCharts(groups, models).html());
    for (Table t : List.of(tables.protocol(), tables.replication(), ReportTables.published(), tables.cells())) sb.append(t.htmlSection());
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }
}
