package org.rulex.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.rulex.UserError;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;
import org.rulex.score.UniformChance;

/**
 * The benchmark report: per language and model, the metrics as mean ± std over seeds, beside
 * the published reference numbers where they exist. Written as report.md and as one
 * self-contained report.html (inline CSS and SVG, no scripts, no external files). The same
 * results always give byte-identical files.
 */
public final class Report {
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";

  private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

  private final List<Group> groups;
  private final List<String> models;
  private final int cellCount;
  private final List<CellResult> cells;
  /** "Preset NAME: what it is for", from the preset pinned beside the results; null when there is none. */
  private String preset;

  /** The cells of one language and model: one per seed, in seed order. */
  private record Group(String language, String model, Optional<String> alias, List<CellResult> cells) {
    int seeds() {
      return cells.size();
    }
  }

  /** A table as text cells, rendered as Markdown or HTML from the same data. */
  private record Table(String title, String note, List<String> header, List<List<String>> rows) {}

  /** One bar of a rule-extrapolation chart. */
  private record Bar(String model, Spread spread, Rate pooled, List<Double> seeds, OptionalDouble published) {}

  private Report(List<CellResult> cells) {
    this.cells = cells.stream().sorted(Comparator.comparing(CellResult::key)).toList();
    this.cellCount = cells.size();
    Map<String, List<CellResult>> byKey = new TreeMap<>();
    for (CellResult c : this.cells) byKey.computeIfAbsent(c.config().language() + "\u0000" + c.config().model(), k -> new ArrayList<>()).add(c);
    List<Group> gs = new ArrayList<>();
    for (List<CellResult> cs : byKey.values()) {
      List<CellResult> bySeed = cs.stream().sorted(Comparator.comparingLong(c -> c.config().seed())).toList();
      CellResult first = bySeed.get(0);
      gs.add(new Group(first.config().language(), first.config().model(), Published.alias(first.config()), bySeed));
    }
    gs.sort(Comparator.comparing((Group g) -> languageOrder(g)).thenComparing(Group::language).thenComparing(Group::model));
    this.groups = List.copyOf(gs);
    this.models = this.cells.stream().map(c -> c.config().model()).distinct().sorted().toList();
  }

  /** Writes report.md and report.html into outDir. */
  public static void write(List<CellResult> cells, Path outDir) {
    Report r = new Report(cells);
    r.preset = presetLine(outDir);
    // AtomicFile creates the directory and names it in its error
    org.rulex.AtomicFile.write(outDir.resolve(MARKDOWN), r.markdown());
    org.rulex.AtomicFile.write(outDir.resolve(HTML), r.html());
  }

  /** The Markdown report. */
  public static String markdown(List<CellResult> cells) {
    return new Report(cells).markdown();
  }

  /** The HTML report: one self-contained page. */
  public static String html(List<CellResult> cells) {
    return new Report(cells).html();
  }

  private static int languageOrder(Group g) {
    return g.alias().map(Published.ALIASES::indexOf).orElse(Published.ALIASES.size());
  }

  private static String languageLabel(Group g) {
    return g.alias().filter(a -> !a.equalsIgnoreCase(g.language())).map(a -> a + " " + g.language()).orElse(g.language());
  }

  // ---------------------------------------------------------------- metrics

  private static PromptSetScore idSet(CellResult c) {
    return c.promptSets().stream().filter(p -> p.kind() == PromptSetRules.Kind.ID).findFirst().orElse(null);
  }

  private static Spread spread(List<CellResult> cells, Function<CellResult, Double> metric) {
    List<Double> values = new ArrayList<>();
    for (CellResult c : cells) {
      Double v = metric.apply(c);
      values.add(v == null ? Double.NaN : v);
    }
    return Spread.of(values);
  }

  private static Double rate(Rate r) {
    return r == null ? Double.NaN : r.rate();
  }

  /** "all-prompts mean ± std (finished-only mean ± std)". */
  private static String both(List<CellResult> cells, Function<CellResult, Accuracy> accuracy) {
    Spread all = spread(cells, c -> { Accuracy a = accuracy.apply(c); return a == null ? null : rate(a.overAllPrompts()); });
    Spread fin = spread(cells, c -> { Accuracy a = accuracy.apply(c); return a == null ? null : rate(a.overFinishedOnly()); });
    if (all.n() == 0 && fin.n() == 0) return "—";
    return all.format() + " (" + fin.format() + ")";
  }

  private static Function<CellResult, PromptSetScore> set(String name) {
    return c -> c.promptSet(name);
  }

  /** The OOD prompt sets of a group with the rules they check, in the order the results list them. */
  private static Map<String, Set<String>> oodSets(Group g) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (CellResult c : g.cells())
      for (PromptSetScore p : c.promptSets())
        if (p.kind() == PromptSetRules.Kind.OOD) out.computeIfAbsent(p.name(), k -> new LinkedHashSet<>()).addAll(p.rules().keySet());
    return out;
  }

  private static String brokenRule(Group g, String set) {
    for (CellResult c : g.cells()) {
      PromptSetScore p = c.promptSet(set);
      if (p != null && p.broken() != null) return p.broken();
    }
    return "?";
  }

  /** The published number applies to R1 on prompts that break R2 (the anchor's only OOD set). */
  private static OptionalDouble published(Group g, String broken, String rule) {
    if (g.alias().isEmpty() || !"R2".equals(broken) || !"R1".equals(rule)) return OptionalDouble.empty();
    return Published.oodR1(g.alias().get(), g.model());
  }

  /**
   * The uniform sampler's level for a rule of a prompt set, computed by rulex for its own prompts
   * and budget (greedy set of each cell; the mean over cells, which differ only by prompt
   * subsets). key: a rule id or a {@link UniformChance} key.
   */
  private static OptionalDouble chanceOf(List<CellResult> cells, String set, String key) {
    double sum = 0;
    int n = 0;
    for (CellResult c : cells) {
      PromptSetScore p = c.promptSet(set);
      UniformChance.Level l = p == null ? null : p.chance().get(key);
      if (l == null) continue;
      sum += l.overAllPrompts();
      n++;
    }
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
  }

  /** "exact" or the Monte Carlo label of a chance level, from the first cell that has one. */
  private static boolean chanceIsEstimate(List<CellResult> cells, String set, String key) {
    for (CellResult c : cells) {
      PromptSetScore p = c.promptSet(set);
      UniformChance.Level l = p == null ? null : p.chance().get(key);
      if (l != null) return l.method().startsWith("monte-carlo");
    }
    return false;
  }

  private static String chanceCell(List<CellResult> cells, String set, String key) {
    OptionalDouble d = chanceOf(cells, set, key);
    return d.isPresent() ? chance(d.getAsDouble()) + (chanceIsEstimate(cells, set, key) ? " (MC)" : "") : "—";
  }

  /** "k/n" cells that learned their language by the preset's thresholds, "?" where unknown. */
  private static String learned(List<CellResult> cells) {
    long yes = cells.stream().filter(CellResult::learned).count();
    boolean unknown = cells.stream().anyMatch(c -> c.convergence() == null || c.convergence().learned() == null);
    return yes + "/" + cells.size() + (unknown ? "?" : "");
  }

  private static String opt(OptionalDouble d) {
    return d.isPresent() ? chance(d.getAsDouble()) : "—";
  }

  /** Three decimals, four for a small chance level (L5's .0033). */
  private static String chance(double v) {
    return String.format(Locale.ROOT, v > 0 && v < 0.01 ? "%.4f" : "%.3f", v);
  }

  // ---------------------------------------------------------------- tables

  private Table idTable() {
    Set<String> rules = new TreeSet<>();
    for (CellResult c : cells) {
      PromptSetScore p = idSet(c);
      if (p != null) rules.addAll(p.rules().keySet());
    }
    List<String> header = new ArrayList<>(List.of("language", "model", "seeds", "learned", "excess loss", "test loss", "held-out lengths loss", "next-token acc."));
    for (String r : rules) header.add("ID " + r);
    header.add("ID in language");
    header.add("ID in language, sampled");
    header.add("chance");
    header.add("ID finished");
    List<List<String>> rows = new ArrayList<>();
    for (Group g : groups) {
      List<String> row = new ArrayList<>(List.of(languageLabel(g), g.model(), Integer.toString(g.seeds()), learned(g.cells()),
          spread(g.cells(), c -> c.convergence() == null ? null : c.convergence().excessLoss()).format(),
          spread(g.cells(), c -> c.test() == null ? null : c.test().loss()).format(),
          spread(g.cells(), c -> c.heldOutLengths() == null ? null : c.heldOutLengths().loss()).format(),
          spread(g.cells(), c -> c.test() == null ? null : c.test().accuracy()).format()));
      for (String r : rules) row.add(both(g.cells(), c -> { PromptSetScore p = idSet(c); return p == null ? null : p.rules().get(r); }));
      row.add(both(g.cells(), c -> { PromptSetScore p = idSet(c); return p == null ? null : p.inLanguage(); }));
      row.add(both(g.cells(), c -> { PromptSetScore p = c.promptSet(PromptSetRules.ID_NAME, false); return p == null ? null : p.inLanguage(); }));
      row.add(chanceCell(g.cells(), PromptSetRules.ID_NAME, UniformChance.IN_LANGUAGE));
      row.add(spread(g.cells(), c -> { PromptSetScore p = idSet(c); return p == null ? null : rate(p.finished()); }).format());
      rows.add(row);
    }
    return new Table("In-distribution", "Learned: cells whose model learned its language (excess loss over the training distribution's "
        + "exact entropy and sampled ID in-language rate within the preset's thresholds); the OOD numbers of the other cells are not findings. "
        + "Excess loss: nats per token on fresh draws of the training distribution minus its entropy. Test loss: teacher-forced "
        + "cross-entropy per token on the test split. Held-out lengths loss: with a split by length (languages with about one member a "
        + "length), the loss on the validation and test words, whose lengths training never saw: length generalisation, not selection. ID prompts break no rule; each rule and membership is checked on prompt + completion, "
        + "greedy unless marked sampled. Chance: a uniform next-token sampler on the same prompts and budget, computed.", header, rows);
  }

  private Table oodTable() {
    List<String> header = List.of("language", "model", "seeds", "learned", "prompt set", "rule", "rule extrapolation (greedy)",
        "sampled", "chance", Published.LABEL, "broken rule on completion", "chance (broken)", "OOD finished");
    List<List<String>> rows = new ArrayList<>();
    for (Group g : groups) {
      for (Map.Entry<String, Set<String>> e : oodSets(g).entrySet()) {
        String name = e.getKey();
        String broken = brokenRule(g, name);
        for (String rule : e.getValue()) {
          rows.add(List.of(languageLabel(g), g.model(), Integer.toString(g.seeds()), learned(g.cells()), name + " (breaks " + broken + ")", rule,
              both(g.cells(), c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : p.rules().get(rule); }),
              both(g.cells(), c -> { PromptSetScore p = c.promptSet(name, false); return p == null ? null : p.rules().get(rule); }),
              chanceCell(g.cells(), name, rule),
              opt(published(g, broken, rule)),
              both(g.cells(), c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : p.brokenRuleOnCompletion(); }),
              chanceCell(g.cells(), name, UniformChance.BROKEN_ON_COMPLETION),
              spread(g.cells(), c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : rate(p.finished()); }).format()));
        }
      }
    }
    return new Table("Rule extrapolation (out of distribution)",
        "Rule extrapolation: the checked rule on prompt + completion, for prompts that break another rule; greedy (one completion a prompt) "
        + "and sampled (K completions a prompt). Broken rule on completion: the broken rule checked on the completion alone (greedy). "
        + "Chance: a uniform next-token sampler over the symbols and EOS, computed exactly on these prompts with this budget "
        + "((MC): a Monte Carlo estimate, the rule's automaton being too large). The " + Published.LABEL + " column is the anchor's "
        + "mean OOD R1 on prompts that break R2, which divides by finished completions only and takes each run's maximum over training: "
        + "compare it with the number in parentheses, and expect it to be higher. Rows whose learned column is below n/n hold cells "
        + "whose model did not learn its language: their numbers describe an untrained model, not rule extrapolation.", header, rows);
  }

  private static Table publishedTable() {
    List<String> header = new ArrayList<>(List.of("language"));
    header.addAll(Published.MODELS);
    header.add("published chance OOD R1");
    header.add("published chance OOD R2 completion");
    List<List<String>> rows = new ArrayList<>();
    for (String a : Published.ALIASES) {
      List<String> row = new ArrayList<>(List.of(a + " " + Published.name(a)));
      for (String m : Published.MODELS) row.add(opt(Published.oodR1(a, m)));
      Published.Chance ch = Published.chance(a).orElseThrow();
      row.add(chance(ch.oodR1()));
      row.add(chance(ch.oodR2Completion()));
      rows.add(row);
    }
    return new Table("Reference: " + Published.LABEL,
        "Mean OOD rule extrapolation (R1 on prompts that break R2) recomputed from the anchor authors' per-run results: "
        + "finished-only denominator, per-run maximum over all validation checks, mean over runs; the anchor's own chance levels, "
        + "for its prompts and budget. Not measured by rulex: rulex's chance levels are in the tables above.", header, rows);
  }

  /**
   * rulex's numbers beside the published protocol computed from the same runs, step by step from one to the other:
   * greedy over all prompts at the selected checkpoint, then finished-only, then the maximum over checks. Only cells
   * that kept their checks (presets with publishedProtocol) have the last column.
   */
  private Table protocolTable() {
    List<List<String>> rows = new ArrayList<>();
    for (Group g : groups) {
      if (g.cells().stream().allMatch(c -> c.publishedProtocol() == null)) continue;
      for (Map.Entry<String, Set<String>> e : oodSets(g).entrySet()) {
        String name = e.getKey();
        String broken = brokenRule(g, name);
        for (String rule : e.getValue()) {
          rows.add(List.of(languageLabel(g), g.model(), Integer.toString(g.seeds()), learned(g.cells()), name + " (breaks " + broken + ")", rule,
              spread(g.cells(), c -> { PromptSetScore p = c.promptSet(name); return p == null || p.rules().get(rule) == null ? null : rate(p.rules().get(rule).overAllPrompts()); }).format(),
              spread(g.cells(), c -> { PromptSetScore p = c.promptSet(name); return p == null || p.rules().get(rule) == null ? null : rate(p.rules().get(rule).overFinishedOnly()); }).format(),
              spread(g.cells(), c -> { var m = c.protocolMetric(name, rule); return m == null ? null : m.maxOverChecks(); }).format(),
              opt(published(g, broken, rule))));
        }
      }
    }
    return new Table("The published protocol, computed from the same runs",
        "Each column changes one thing, so a reader sees how much of a published figure each part of its protocol explains: rulex's greedy "
        + "rate over all prompts at the selected checkpoint (an unfinished completion fails); the same over finished completions only; the "
        + "maximum over every validation check of the finished-only rate, each metric separately (the anchor's protocol, " + Published.LABEL
        + "); the published figure. Mean ± std over seeds, all seeds (learned k/n says how many learned their language).",
        List.of("language", "model", "seeds", "learned", "prompt set", "rule", "greedy, all prompts, selected", "greedy, finished-only, selected",
            "greedy, finished-only, max over checks", Published.LABEL), rows);
  }

  /** The published orderings of architectures as claims, with rulex's figures and a verdict each (see {@link Replication}). */
  private Table replicationTable() {
    List<List<String>> rows = new ArrayList<>();
    for (Replication.Language l : Replication.of(cells)) {
      String ranking = String.join(" > ", l.figures().stream().map(f -> f.model() + " " + Spread.num(f.published())).toList());
      String measured = String.join(" > ", l.figures().stream().filter(Replication.Figure::defined)
          .sorted(Comparator.comparingDouble(Replication.Figure::mean).reversed())
          .map(f -> f.model() + " " + Spread.num(f.mean()) + " [" + Spread.num(f.low()) + ", " + Spread.num(f.high()) + "] (" + f.learned() + "/" + f.cells()
              + " learned, " + f.decoding() + ")").toList());
      for (Replication.Claim c : l.claims())
        rows.add(List.of(l.alias() + " " + l.name(), c.better() + " > " + c.worse(), Spread.num(c.publishedBetter()) + " > " + Spread.num(c.publishedWorse()),
            ranking, measured.isEmpty() ? "— (no learned cells)" : measured, c.verdict().label()));
    }
    return new Table("Replication of the published ranking",
        "Each claim is an ordering the published table states between two models on one language (" + Published.LABEL + "). rulex's figure: "
        + "OOD R1 on prompts that break R2, over all prompts (unfinished = failure), sampled when the cells sampled, mean over the seeds whose "
        + "model learned its language only; interval: the hull of a Student-t 95% interval over those seeds and each cell's own 95% "
        + "interval with the prompt as the unit (Wilson for greedy, a bootstrap over prompts for sampled), half-widths averaged over the seeds. Reproduced: rulex's intervals separate the two models the published way; refuted: they separate them the "
        + "other way; inconclusive: they overlap; untested: a model has no learned cell. Published figures come from another protocol "
        + "(finished-only, maximum over training): the claims compare orderings, not values.",
        List.of("language", "claim", "published", "published ranking", "rulex ranking (learned cells)", "verdict"), rows);
  }

  private Table cellsTable() {
    List<List<String>> rows = new ArrayList<>();
    for (CellResult c : cells) {
      rows.add(List.of(c.key(), Long.toString(c.checkpointStep()), c.selection() == null ? "—" : c.selection().splitMode(),
          c.convergence() == null ? "—" : c.convergence().verdict(), String.format(Locale.ROOT, "%.0f", c.wallSeconds()),
          c.config().preset() == null ? "—" : c.config().preset(), c.gitRevision() == null ? "unknown" : c.gitRevision(),
          c.versions() == null ? "—" : "rulex " + c.versions().rulex() + ", djl " + c.versions().djl() + ", java " + c.versions().java()));
    }
    String rule = cells.stream().filter(c -> c.selection() != null).map(c -> c.selection().splitMode() + ": " + c.selection().rule()).distinct()
        .collect(java.util.stream.Collectors.joining("; "));
    return new Table("Cells", "One row per result file; every metric is read at the checkpoint step shown, chosen by: " + rule + ".",
        List.of("cell", "checkpoint step", "split", "convergence", "wall s", "preset", "git revision", "versions"), rows);
  }

  /**
   * The pinned preset's name and description, so that a report says what its run was for (the
   * quick preset's says it is a smoke test); null without a readable preset.json.
   */
  static String presetLine(Path dir) {
    Path file = org.rulex.bench.BenchRunner.presetFile(dir);
    if (!Files.isRegularFile(file)) return null;
    try {
      org.rulex.bench.Preset p = org.rulex.bench.Preset.load(file.toString());
      return "Preset " + p.name() + (p.description() == null || p.description().isBlank() ? "." : ": " + p.description());
    } catch (UserError e) {
      return null; // a preset of an older rulex: the report stands without the line
    }
  }

  private String intro() {
    return cellCount + " results: " + groups.stream().map(Group::language).distinct().count() + " languages, "
        + models.size() + " models. Every entry is the mean ± sample standard deviation over seeds (seeds column: n); "
        + "every metric is read at one selected checkpoint (see Cells). Accuracies are over all prompts, "
        + "an unfinished completion (no EOS within the budget) counting as a failure; in parentheses, over finished completions only. "
        + "The decoding budget lets every prompt reach the longest training word and end. uniform and stop-at-once are baselines "
        + "that go through the same decoding and scoring as the trained models.";
  }

  // ---------------------------------------------------------------- Markdown

  private String markdown() {
    StringBuilder sb = new StringBuilder("# rulex report\n\n");
    if (preset != null) sb.append("**").append(preset).append("**\n\n");
    sb.append(intro()).append("\n");
    for (Table t : List.of(idTable(), oodTable(), protocolTable(), replicationTable(), publishedTable(), cellsTable())) {
      sb.append("\n## ").append(t.title()).append("\n\n").append(t.note()).append("\n\n");
      appendMarkdownTable(sb, t);
    }
    return sb.toString();
  }

  /** The two main tables alone, for the terminal. */
  public static String markdownTables(List<CellResult> cells) {
    Report r = new Report(cells);
    StringBuilder sb = new StringBuilder();
    for (Table t : List.of(r.idTable(), r.oodTable())) {
      sb.append("## ").append(t.title()).append("\n\n");
      appendMarkdownTable(sb, t);
      sb.append("\n");
    }
    return sb.toString();
  }

  private static void appendMarkdownTable(StringBuilder sb, Table t) {
    sb.append("| ").append(String.join(" | ", t.header().stream().map(Report::mdCell).toList())).append(" |\n");
    sb.append("|").append("---|".repeat(t.header().size())).append("\n");
    for (List<String> row : t.rows()) sb.append("| ").append(String.join(" | ", row.stream().map(Report::mdCell).toList())).append(" |\n");
  }

  private static String mdCell(String s) {
    return s.replace("|", "\\|");
  }

  // ---------------------------------------------------------------- HTML

  private String html() {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rulex report</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}\n")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}\n")
        .append("th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;white-space:nowrap}\n")
        .append("th{background:#f0f0f0;white-space:normal;vertical-align:bottom}td:nth-child(-n+2){text-align:left}\n")
        .append("div.table{overflow-x:auto}\n")
        .append("p.note{font-size:13px;color:#555;max-width:60em}\n")
        .append(".charts{display:flex;flex-wrap:wrap;gap:1em}\n")
        .append("figure{margin:0}figcaption{font-size:12px;color:#555;max-width:520px}\n")
        .append("svg text{font-family:system-ui,sans-serif}\n")
        .append("</style>\n</head>\n<body>\n<h1>rulex report</h1>\n")
        .append(preset == null ? "" : "<p><strong>" + esc(preset) + "</strong></p>\n").append("<p>").append(esc(intro())).append("</p>\n");
    for (Table t : List.of(idTable(), oodTable())) appendHtmlTable(sb, t);
    sb.append("<h2>Charts</h2>\n");
    Map<String, List<Group>> byLanguage = new LinkedHashMap<>();
    for (Group g : groups) byLanguage.computeIfAbsent(g.language(), k -> new ArrayList<>()).add(g);
    for (List<Group> gs : byLanguage.values()) {
      sb.append("<section class=\"language\">\n<h3>").append(esc(languageLabel(gs.get(0)))).append("</h3>\n<div class=\"charts\">\n");
      Map<String, Set<String>> sets = new LinkedHashMap<>();
      for (Group g : gs) oodSets(g).forEach((k, v) -> sets.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
      for (Map.Entry<String, Set<String>> e : sets.entrySet())
        for (String rule : e.getValue()) sb.append(barChart(gs, e.getKey(), rule));
      sb.append(curveChart(gs));
      sb.append("</div>\n</section>\n");
    }
    for (Table t : List.of(protocolTable(), replicationTable(), publishedTable(), cellsTable())) appendHtmlTable(sb, t);
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void appendHtmlTable(StringBuilder sb, Table t) {
    sb.append("<h2>").append(esc(t.title())).append("</h2>\n<p class=\"note\">").append(esc(t.note())).append("</p>\n<div class=\"table\"><table>\n<thead><tr>");
    for (String h : t.header()) sb.append("<th>").append(esc(h)).append("</th>");
    sb.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      sb.append("<tr>");
      for (String c : row) sb.append("<td>").append(esc(c)).append("</td>");
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table></div>\n");
  }

  private String color(String model) {
    return PALETTE[Math.max(0, models.indexOf(model)) % PALETTE.length];
  }

  private static final int W = 520;
  private static final int H = 280;
  private static final int LEFT = 52;
  private static final int RIGHT = 16;
  private static final int TOP = 30;
  private static final int BOTTOM = 46;
  /** The bar charts keep a right margin for the chance label. */
  private static final int BAR_RIGHT = 64;

  /** Bars: mean over seeds (all prompts); whiskers: Wilson 95% interval of the pooled prompts; dots: seeds. */
  private String barChart(List<Group> gs, String set, String rule) {
    String broken = brokenRule(gs.get(0), set);
    List<Bar> bars = new ArrayList<>();
    for (Group g : gs) {
      long successes = 0;
      long trials = 0;
      List<Double> seeds = new ArrayList<>();
      for (CellResult c : g.cells()) {
        PromptSetScore p = c.promptSet(set);
        Accuracy a = p == null ? null : p.rules().get(rule);
        if (a == null) continue;
        successes += a.overAllPrompts().successes();
        trials += a.overAllPrompts().trials();
        seeds.add(a.overAllPrompts().rate());
      }
      if (seeds.isEmpty()) continue;
      bars.add(new Bar(g.model(), Spread.of(seeds), Rate.of(successes, trials), seeds, published(g, broken, rule)));
    }
    List<CellResult> all = new ArrayList<>();
    for (Group g : gs) all.addAll(g.cells());
    OptionalDouble chance = chanceOf(all, set, rule);
    double plotW = W - LEFT - BAR_RIGHT;
    double plotH = H - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    String title = languageLabel(gs.get(0)) + ": " + rule + " on prompts that break " + broken + " (" + set + ")";
    s.append("<figure class=\"chart rule-extrapolation\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
    s.append("<title>").append(esc(title)).append("</title>\n");
    s.append(text(W / 2.0, 18, "middle", 13, "#222", title));
    for (int i = 0; i <= 4; i++) {
      double v = i / 4.0;
      double y = TOP + plotH * (1 - v);
      s.append(line(LEFT, y, W - BAR_RIGHT, y, "#e3e3e3", 1, null));
      s.append(text(LEFT - 6, y + 4, "end", 11, "#555", String.format(Locale.ROOT, "%.2f", v)));
    }
    s.append(line(LEFT, TOP, LEFT, TOP + plotH, "#888", 1, null));
    s.append(line(LEFT, TOP + plotH, W - BAR_RIGHT, TOP + plotH, "#888", 1, null));
    double slot = plotW / Math.max(1, bars.size());
    double barW = Math.min(60, slot * 0.6);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double cx = LEFT + slot * (i + 0.5);
      double mean = b.spread().mean();
      double y = TOP + plotH * (1 - mean);
      s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.75\"><title>%s</title></rect>\n",
          cx - barW / 2, y, barW, TOP + plotH - y, color(b.model()),
          esc(b.model() + ": mean " + Spread.num(mean) + " over " + b.seeds().size() + " seeds; pooled " + b.pooled().successes() + "/" + b.pooled().trials()
              + ", Wilson 95% [" + Spread.num(b.pooled().low()) + ", " + Spread.num(b.pooled().high()) + "]")));
      if (b.pooled().isDefined()) {
        double yl = TOP + plotH * (1 - b.pooled().low());
        double yh = TOP + plotH * (1 - b.pooled().high());
        s.append(line(cx, yl, cx, yh, "#222", 1.5, null));
        s.append(line(cx - 6, yl, cx + 6, yl, "#222", 1.5, null));
        s.append(line(cx - 6, yh, cx + 6, yh, "#222", 1.5, null));
      }
      for (int k = 0; k < b.seeds().size(); k++) {
        double v = b.seeds().get(k);
        if (Double.isNaN(v)) continue;
        double dx = b.seeds().size() == 1 ? 0 : (k / (b.seeds().size() - 1.0) - 0.5) * barW * 0.6;
        s.append(String.format(Locale.ROOT, "<circle class=\"seed\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1\"/>\n",
            cx + dx, TOP + plotH * (1 - v)));
      }
      if (b.published().isPresent()) {
        double py = TOP + plotH * (1 - b.published().getAsDouble());
        s.append(String.format(Locale.ROOT, "<path class=\"published\" d=\"M%.1f %.1f l6 -6 l6 6 l-6 6 z\" fill=\"#000\"><title>%s</title></path>\n",
            cx + barW / 2 + 2, py, esc(Published.LABEL + ": " + Spread.num(b.published().getAsDouble()))));
      }
      s.append(text(cx, TOP + plotH + 15, "middle", 12, "#222", b.model()));
      s.append(text(cx, TOP + plotH + 29, "middle", 11, "#555", Spread.num(mean) + " (n=" + b.seeds().size() + ")"));
    }
    if (chance.isPresent()) {
      double cy = TOP + plotH * (1 - chance.getAsDouble());
      s.append(line(LEFT, cy, W - BAR_RIGHT, cy, "#c00", 1.2, "5 4").replace("<line ", "<line class=\"chance\" "));
      s.append(text(W - BAR_RIGHT + 4, cy - 2, "start", 11, "#c00", "chance"));
      s.append(text(W - BAR_RIGHT + 4, cy + 11, "start", 11, "#c00", chance(chance.getAsDouble())));
    }
    s.append("</svg>\n<figcaption>Bars: mean over seeds, all prompts (unfinished = failure). Whiskers: Wilson 95% interval of the prompts pooled over seeds. "
        + "Dots: seeds. ◆ " + Published.LABEL + "." + (chance.isPresent() ? " Dashed: chance." : "") + "</figcaption>\n</figure>\n");
    return s.toString();
  }

  /** Validation loss against training step, one line per model and seed. */
  private String curveChart(List<Group> gs) {
    double maxStep = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Group g : gs)
      for (CellResult c : g.cells())
        for (CellResult.CurvePoint p : c.trainingCurve()) {
          if (Double.isNaN(p.valLoss())) continue;
          maxStep = Math.max(maxStep, p.step());
          lo = Math.min(lo, p.valLoss());
          hi = Math.max(hi, p.valLoss());
        }
    String title = languageLabel(gs.get(0)) + ": validation loss during training";
    StringBuilder s = new StringBuilder();
    s.append("<figure class=\"chart training-curve\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
    s.append("<title>").append(esc(title)).append("</title>\n");
    s.append(text(W / 2.0, 18, "middle", 13, "#222", title));
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    if (hi < lo) {
      s.append(text(W / 2.0, H / 2.0, "middle", 12, "#555", "no training curve recorded"));
    } else {
      if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
      double pad = (hi - lo) * 0.05;
      lo = Math.max(0, lo - pad);
      hi = hi + pad;
      double stepMax = Math.max(1, maxStep);
      for (int i = 0; i <= 4; i++) {
        double v = lo + (hi - lo) * i / 4.0;
        double y = TOP + plotH * (1 - i / 4.0);
        s.append(line(LEFT, y, W - RIGHT, y, "#e3e3e3", 1, null));
        s.append(text(LEFT - 6, y + 4, "end", 11, "#555", String.format(Locale.ROOT, "%.3f", v)));
        double x = LEFT + plotW * i / 4.0;
        s.append(text(x, TOP + plotH + 15, "middle", 11, "#555", String.format(Locale.ROOT, "%.0f", stepMax * i / 4.0)));
      }
      s.append(line(LEFT, TOP, LEFT, TOP + plotH, "#888", 1, null));
      s.append(line(LEFT, TOP + plotH, W - RIGHT, TOP + plotH, "#888", 1, null));
      s.append(text(LEFT + plotW / 2, TOP + plotH + 30, "middle", 11, "#555", "step"));
      for (Group g : gs)
        for (CellResult c : g.cells()) {
          StringBuilder pts = new StringBuilder();
          for (CellResult.CurvePoint p : c.trainingCurve()) {
            if (Double.isNaN(p.valLoss())) continue;
            if (pts.length() > 0) pts.append(' ');
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + plotW * p.step() / stepMax, TOP + plotH * (1 - (p.valLoss() - lo) / (hi - lo))));
          }
          if (pts.length() == 0) continue;
          s.append("<polyline class=\"curve\" fill=\"none\" stroke=\"").append(color(g.model())).append("\" stroke-width=\"1.5\" stroke-opacity=\"0.8\" points=\"")
              .append(pts).append("\"><title>").append(esc(c.key())).append("</title></polyline>\n");
        }
      int k = 0;
      for (Group g : gs) {
        double x = LEFT + 10 + 110 * k++;
        s.append(line(x, TOP + 8, x + 16, TOP + 8, color(g.model()), 3, null));
        s.append(text(x + 20, TOP + 12, "start", 11, "#222", g.model() + " (n=" + g.seeds() + ")"));
      }
    }
    s.append("</svg>\n<figcaption>Validation loss (teacher-forced cross-entropy per token) against training step; one line per model and seed.</figcaption>\n</figure>\n");
    return s.toString();
  }

  private static String line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>\n",
        x1, y1, x2, y2, stroke, width, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  private static String text(double x, double y, String anchor, int size, String fill, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>\n", x, y, anchor, size, fill, esc(content));
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
