package org.rulex.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.rulex.result.CellResult;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.UniformChance;

/** The report's tables, computed from the grouped cells; the rules and prompt sets are those the results hold. */
final class ReportTables {
  private final List<CellResult> cells;
  private final List<CellGroup> groups;

  ReportTables(List<CellResult> cells, List<CellGroup> groups) {
    this.cells = cells;
    this.groups = groups;
  }

  /** Every table, in the order the Markdown report shows them. */
  List<Table> all() {
    return List.of(id(), ood(), protocol(), replication(), published(), cells());
  }

  Table id() {
    Set<String> rules = new TreeSet<>();
    for (CellResult c : cells) {
      PromptSetScore p = CellGroup.idSet(c);
      if (p != null) rules.addAll(p.rules().keySet());
    }
    List<String> header = new ArrayList<>(List.of("language", "model", "seeds", "learned", "excess loss", "test loss", "held-out lengths loss", "next-token acc."));
    for (String r : rules) header.add("ID " + r);
    header.add("ID in language");
    header.add("ID in language, sampled");
    header.add("chance");
    header.add("ID finished");
    List<List<String>> rows = new ArrayList<>();
    for (CellGroup g : groups) {
      List<String> row = new ArrayList<>(List.of(g.languageLabel(), g.model(), Integer.toString(g.seeds()), g.learned(),
          g.spread(c -> c.convergence() == null ? null : c.convergence().excessLoss()).format(),
          g.spread(c -> c.test() == null ? null : c.test().loss()).format(),
          g.spread(c -> c.heldOutLengths() == null ? null : c.heldOutLengths().loss()).format(),
          g.spread(c -> c.test() == null ? null : c.test().accuracy()).format()));
      for (String r : rules) row.add(g.both(c -> { PromptSetScore p = CellGroup.idSet(c); return p == null ? null : p.rules().get(r); }));
      row.add(g.both(c -> { PromptSetScore p = CellGroup.idSet(c); return p == null ? null : p.inLanguage(); }));
      row.add(g.both(c -> { PromptSetScore p = c.promptSet(PromptSetRules.ID_NAME, false); return p == null ? null : p.inLanguage(); }));
      row.add(g.chanceCell(PromptSetRules.ID_NAME, UniformChance.IN_LANGUAGE));
      row.add(g.spread(c -> { PromptSetScore p = CellGroup.idSet(c); return p == null ? null : CellGroup.rate(p.finished()); }).format());
      rows.add(row);
    }
    return new Table("In-distribution", "Learned: cells whose model learned its language (excess loss over the training distribution's "
        + "exact entropy and sampled ID in-language rate within the preset's thresholds); the OOD numbers of the other cells are not findings. "
        + "Excess loss: nats per token on fresh draws of the training distribution minus its entropy. Test loss: teacher-forced "
        + "cross-entropy per token on the test split. Held-out lengths loss: with a split by length (languages with about one member a "
        + "length), the loss on the validation and test words, whose lengths training never saw: length generalisation, not selection. ID prompts break no rule; each rule and membership is checked on prompt + completion, "
        + "greedy unless marked sampled. Chance: a uniform next-token sampler on the same prompts and budget, computed.", header, rows);
  }

  /** One row a group, OOD prompt set and checked rule. */
  private interface OodRow {
    List<String> of(CellGroup g, String set, String broken, String rule);
  }

  private List<List<String>> oodRows(List<CellGroup> which, OodRow row) {
    List<List<String>> rows = new ArrayList<>();
    for (CellGroup g : which)
      for (Map.Entry<String, Set<String>> e : g.oodSets().entrySet()) {
        String broken = g.brokenRule(e.getKey());
        for (String rule : e.getValue()) {
          List<String> r = new ArrayList<>(List.of(g.languageLabel(), g.model(), Integer.toString(g.seeds()), g.learned(),
              e.getKey() + " (breaks " + broken + ")", rule));
          r.addAll(row.of(g, e.getKey(), broken, rule));
          rows.add(r);
        }
      }
    return rows;
  }

  Table ood() {
    List<String> header = List.of("language", "model", "seeds", "learned", "prompt set", "rule", "rule extrapolation (greedy)",
        "sampled", "chance", Published.LABEL, "broken rule on completion", "chance (broken)", "OOD finished");
    List<List<String>> rows = oodRows(groups, (g, name, broken, rule) -> List.of(
        g.both(c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : p.rules().get(rule); }),
        g.both(c -> { PromptSetScore p = c.promptSet(name, false); return p == null ? null : p.rules().get(rule); }),
        g.chanceCell(name, rule),
        CellGroup.opt(g.published(broken, rule)),
        g.both(c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : p.brokenRuleOnCompletion(); }),
        g.chanceCell(name, UniformChance.BROKEN_ON_COMPLETION),
        g.spread(c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : CellGroup.rate(p.finished()); }).format()));
    return new Table("Rule extrapolation (out of distribution)",
        "Rule extrapolation: the checked rule on prompt + completion, for prompts that break another rule; greedy (one completion a prompt) "
        + "and sampled (K completions a prompt). Broken rule on completion: the broken rule checked on the completion alone (greedy). "
        + "Chance: a uniform next-token sampler over the symbols and EOS, computed exactly on these prompts with this budget "
        + "((MC): a Monte Carlo estimate, the rule's automaton being too large). The " + Published.LABEL + " column is the anchor's "
        + "mean OOD " + Published.RULE + " on prompts that break " + Published.BROKEN + ", which divides by finished completions only and takes each run's maximum over training: "
        + "compare it with the number in parentheses, and expect it to be higher. Rows whose learned column is below n/n hold cells "
        + "whose model did not learn its language: their numbers describe an untrained model, not rule extrapolation.", header, rows);
  }

  /**
   * rulex's numbers beside the published protocol computed from the same runs, step by step from one to the other:
   * greedy over all prompts at the selected checkpoint, then finished-only, then the maximum over checks. Only cells
   * that kept their checks (presets with publishedProtocol) have the last column.
   */
  Table protocol() {
    List<CellGroup> kept = groups.stream().filter(g -> g.cells().stream().anyMatch(c -> c.publishedProtocol() != null)).toList();
    List<List<String>> rows = oodRows(kept, (g, name, broken, rule) -> List.of(
        g.spread(c -> { PromptSetScore p = c.promptSet(name); return p == null || p.rules().get(rule) == null ? null : CellGroup.rate(p.rules().get(rule).overAllPrompts()); }).format(),
        g.spread(c -> { PromptSetScore p = c.promptSet(name); return p == null || p.rules().get(rule) == null ? null : CellGroup.rate(p.rules().get(rule).overFinishedOnly()); }).format(),
        g.spread(c -> { var m = c.protocolMetric(name, rule); return m == null ? null : m.maxOverChecks(); }).format(),
        CellGroup.opt(g.published(broken, rule))));
    return new Table("The published protocol, computed from the same runs",
        "Each column changes one thing, so a reader sees how much of a published figure each part of its protocol explains: rulex's greedy "
        + "rate over all prompts at the selected checkpoint (an unfinished completion fails); the same over finished completions only; the "
        + "maximum over every validation check of the finished-only rate, each metric separately (the anchor's protocol, " + Published.LABEL
        + "); the published figure. Mean ± std over seeds, all seeds (learned k/n says how many learned their language).",
        List.of("language", "model", "seeds", "learned", "prompt set", "rule", "greedy, all prompts, selected", "greedy, finished-only, selected",
            "greedy, finished-only, max over checks", Published.LABEL), rows);
  }

  /** The published orderings of architectures as claims, with rulex's figures and a verdict each (see {@link Replication}). */
  Table replication() {
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
        + "OOD " + Published.RULE + " on prompts that break " + Published.BROKEN + ", over all prompts (unfinished = failure), sampled when the cells sampled, mean over the seeds whose "
        + "model learned its language only; interval: the hull of a Student-t 95% interval over those seeds and each cell's own 95% "
        + "interval with the prompt as the unit (Wilson for greedy, a bootstrap over prompts for sampled), half-widths averaged over the seeds. Reproduced: rulex's intervals separate the two models the published way; refuted: they separate them the "
        + "other way; inconclusive: they overlap; untested: a model has no learned cell. Published figures come from another protocol "
        + "(finished-only, maximum over training): the claims compare orderings, not values.",
        List.of("language", "claim", "published", "published ranking", "rulex ranking (learned cells)", "verdict"), rows);
  }

  static Table published() {
    List<String> header = new ArrayList<>(List.of("language"));
    header.addAll(Published.MODELS);
    header.add("published chance OOD " + Published.RULE);
    header.add("published chance OOD " + Published.BROKEN + " completion");
    List<List<String>> rows = new ArrayList<>();
    for (String a : Published.ALIASES) {
      List<String> row = new ArrayList<>(List.of(a + " " + Published.name(a)));
      for (String m : Published.MODELS) row.add(CellGroup.opt(Published.oodR1(a, m)));
      Published.Chance ch = Published.chance(a).orElseThrow();
      row.add(CellGroup.chance(ch.oodR1()));
      row.add(CellGroup.chance(ch.oodR2Completion()));
      rows.add(row);
    }
    return new Table("Reference: " + Published.LABEL,
        "Mean OOD rule extrapolation (" + Published.RULE + " on prompts that break " + Published.BROKEN + ") recomputed from the anchor authors' per-run results: "
        + "finished-only denominator, per-run maximum over all validation checks, mean over runs; the anchor's own chance levels, "
        + "for its prompts and budget. Not measured by rulex: rulex's chance levels are in the tables above.", header, rows);
  }

  Table cells() {
    List<List<String>> rows = new ArrayList<>();
    for (CellResult c : cells) {
      rows.add(List.of(c.key(), Long.toString(c.checkpointStep()), c.selection() == null ? "—" : c.selection().splitMode(),
          c.convergence() == null ? "—" : c.convergence().verdict(), String.format(Locale.ROOT, "%.0f", c.wallSeconds()),
          c.config().preset() == null ? "—" : c.config().preset(), c.gitRevision() == null ? "unknown" : c.gitRevision(),
          c.versions() == null ? "—" : "rulex " + c.versions().rulex() + ", djl " + c.versions().djl() + ", java " + c.versions().java()));
    }
    String rule = cells.stream().filter(c -> c.selection() != null).map(c -> c.selection().splitMode() + ": " + c.selection().rule()).distinct()
        .collect(Collectors.joining("; "));
    return new Table("Cells", "One row per result file; every metric is read at the checkpoint step shown, chosen by: " + rule + ".",
        List.of("cell", "checkpoint step", "split", "convergence", "wall s", "preset", "git revision", "versions"), rows);
  }
}
