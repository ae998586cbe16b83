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
  private static final String TITLE = "rulex report";

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
  public static List<String> provenanceWarnings(List<CellResult> cells) {
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
    List<Document.Block> blocks = new java.util.ArrayList<>();
    for (TableSection table : List.of(t.id(), t.ood())) {
      blocks.add(new Document.Heading(2, table.title()));
      blocks.add(new Document.Table(null, table.header(), table.rows()));
    }
    return MarkdownRenderer.blocks(blocks);
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

  /** What both pages open with: the preset's line, the warnings, what the numbers are, the verdict counts. */
  private List<Document.Block> opening() {
    List<Document.Block> out = new java.util.ArrayList<>();
    if (preset != null) out.add(Document.Paragraph.strong(preset));
    for (String w : warnings) out.add(Document.Paragraph.strong(w));
    out.add(Document.Paragraph.plain(intro()));
    if (!verdicts.isEmpty()) out.add(Document.Paragraph.plain(verdicts + " See Replication of the published ranking."));
    return out;
  }

  /** The Markdown report: every table in order (the charts are in the HTML page). */
  private String markdown() {
    List<Document.Block> blocks = opening();
    for (TableSection t : tables.all()) blocks.addAll(t.blocks());
    return MarkdownRenderer.render(new Document(TITLE, blocks));
  }

  /** The HTML page: the summary figure, the main tables, the charts, then the remaining tables. */
  private String html() {
    List<Document.Block> blocks = opening();
    blocks.addAll(new SummaryChart(groups, models).blocks());
    for (TableSection t : List.of(tables.id(), tables.ood())) blocks.addAll(t.blocks());
    blocks.addAll(new ReportCharts(groups, models).blocks());
    for (TableSection t : List.of(tables.protocol(), tables.replication(), ReportTables.published(), tables.cells())) blocks.addAll(t.blocks());
    return HtmlRenderer.render(new Document(TITLE, blocks));
  }
}
