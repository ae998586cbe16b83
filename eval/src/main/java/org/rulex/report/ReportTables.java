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
import org.rulex.score.SeedMean;
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
  List<TableSection> all() {
    return List.of(id(), ood(), protocol(), replication(), published(), cells());
  }

  TableSection id() {
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
          g.spread(c -> c.convergence() == null ? null : c.convergence().excessLoss()).meanAndStd(),
          g.spread(c -> c.test() == null ? null : c.test().loss()).meanAndStd(),
          g.spread(c -> c.heldOutLengths() == null ? null : c.heldOutLengths().loss()).meanAndStd(),
          g.spread(c -> c.test() == null ? null : c.test().accuracy()).meanAndStd()));
      for (String r : rules) row.add(g.both(c -> { PromptSetScore p = CellGroup.idSet(c); return p == null ? null : p.rules().get(r); }));
      row.add(g.both(c -> { PromptSetScore p = CellGroup.idSet(c); return p == null ? null : p.inLanguage(); }));
      row.add(g.both(c -> { PromptSetScore p = c.promptSet(PromptSetRules.ID_NAME, false); return p == null ? null : p.inLanguage(); }));
      row.add(g.chanceCell(PromptSetRules.ID_NAME, UniformChance.IN_LANGUAGE));
      row.add(g.spread(c -> { PromptSetScore p = CellGroup.idSet(c); return p == null ? null : CellGroup.rate(p.finished()); }).meanAndStd());
      rows.add(row);
    }
    return new TableSection("In-distribution", "Learned: cells whose model learned its language (excess loss over the training distribution's "
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

  TableSection ood() {
    List<String> header = List.of("language", "model", "seeds", "learned", "prompt set", "rule", "rule extrapolation (greedy)",
        "sampled", "chance", Published.LABEL, "broken rule on completion", "chance (broken)", "OOD finished");
    List<List<String>> rows = oodRows(groups, (g, name, broken, rule) -> List.of(
        g.both(c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : p.rules().get(rule); }),
        g.both(c -> { PromptSetScore p = c.promptSet(name, false); return p == null ? null : p.rules().get(rule); }),
        g.chanceCell(name, rule),
        CellGroup.opt(g.published(broken, rule)),
        g.both(c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : p.brokenRuleOnCompletion(); }),
        g.chanceCell(name, UniformChance.BROKEN_ON_COMPLETION),
        g.spread(c -> { PromptSetScore p = c.promptSet(name); return p == null ? null : CellGroup.rate(p.finished()); }).meanAndStd()));
    return new TableSection("Rule extrapolation (out of distribution)",
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
  TableSection protocol() {
    List<CellGroup> kept = groups.stream().filter(g -> g.cells().stream().anyMatch(c -> c.publishedProtocol() != null)).toList();
    List<List<String>> rows = oodRows(kept, (g, name, broken, rule) -> List.of(
        g.spread(c -> { PromptSetScore p = c.promptSet(name); return p == null || p.rules().get(rule) == null ? null : CellGroup.rate(p.rules().get(rule).overAllPrompts()); }).meanAndStd(),
        g.spread(c -> { PromptSetScore p = c.promptSet(name); return p == null || p.rules().get(rule) == null ? null : CellGroup.rate(p.rules().get(rule).overFinishedOnly()); }).meanAndStd(),
        g.spread(c -> { var m = c.protocolMetric(name, rule); return m == null ? null : m.maxOverChecks(); }).meanAndStd(),
        CellGroup.opt(g.published(broken, rule))));
    return new TableSection("The published protocol, computed from the same runs",
        "Each column changes one thing, so a reader sees how much of a published figure each part of its protocol explains: rulex's greedy "
        + "rate over all prompts at the selected checkpoint (an unfinished completion fails); the same over finished completions only; the "
        + "maximum over every validation check of the finished-only rate, each metric separately (the anchor's protocol, " + Published.LABEL
        + "); the published figure. Mean ± std over seeds, all seeds (learned k/n says how many learned their language).",
        List.of("language", "model", "seeds", "learned", "prompt set", "rule", "greedy, all prompts, selected", "greedy, finished-only, selected",
            "greedy, finished-only, max over checks", Published.LABEL), rows);
  }

  /** The published orderings of architectures as claims, with rulex's figures and both verdicts (see {@link Replication}). */
  TableSection replication() {
    List<List<String>> rows = new ArrayList<>();
    List<Replication.Language> languages = Replication.of(cells);
    for (Replication.Language l : languages) {
      String baselines = l.baselines().stream().map(f -> f.model() + " " + f.interval()).collect(Collectors.joining("; "));
      for (Replication.Claim c : l.claims())
        rows.add(List.of(l.alias() + " " + l.name(), c.better() + " > " + c.worse(), SeedMean.num(c.publishedBetter()) + " > " + SeedMean.num(c.publishedWorse()),
            side(c.betterAll()) + " vs " + side(c.worseAll()), c.ordering().label() + (c.orderingWhy() == null ? "" : ": " + c.orderingWhy()),
            side(c.betterLearned()) + " vs " + side(c.worseLearned()), baselines.isEmpty() ? "—" : baselines,
            c.extrapolation().label() + (c.extrapolationWhy() == null ? "" : ": " + c.extrapolationWhy())));
    }
    return new TableSection("Replication of the published ranking",
        "Each claim is an ordering the published table states between two models on one language (" + Published.LABEL + "). rulex's figure: "
        + "OOD " + Published.RULE + " on prompts that break " + Published.BROKEN + ", over all prompts (unfinished = failure), sampled when the cells sampled. "
        + "Its interval is the hull of a Student-t 95% interval of the mean over the seeds and the cells' own 95% intervals with the prompt "
        + "as the unit (Wilson for greedy, a bootstrap over prompts for sampled), half-widths averaged over the seeds, cut to [0, 1]. "
        + "Two verdicts per claim. The ordering as published: over every seed of both models, learned or not; reproduced when the intervals "
        + "separate the two models the published way, refuted when they separate them the other way, inconclusive when they overlap, untested "
        + "with fewer than 2 seeds. A finding about rule extrapolation: over learned seeds only, when both models learned on at least "
        + Replication.MIN_LEARNED + " seeds and each lies above both baselines (uniform and stop-at-once, every seed, the same decoding) beyond "
        + "their intervals; otherwise untested, with the conditions that failed. A cell whose ID in-language interval contains the learned "
        + "threshold is borderline and counts as neither learned nor unlearned. Published figures come from another protocol (finished-only, "
        + "maximum over training): the claims compare orderings, not values.",
        List.of("language", "claim", "published", "rulex, all seeds", "ordering as published", "rulex, learned seeds", "baselines",
            "finding about rule extrapolation"), rows);
  }

  /** "transformer 0.812 [0.700, 0.901] (3/5 learned, 1 borderline, sampled)". */
  private static String side(Replication.Figure f) {
    return f.model() + " " + f.interval() + " (" + f.counted() + " seeds; " + f.learned() + "/" + f.cells() + " learned"
        + (f.borderline() > 0 ? ", " + f.borderline() + " borderline" : "") + ", " + f.decoding() + ")";
  }

  /** Counts of each verdict, for the report's headline: "ordering as published: 3 reproduced, ...". */
  static String verdictCounts(List<Replication.Language> languages) {
    Map<Replication.Verdict, Integer> ordering = new java.util.EnumMap<>(Replication.Verdict.class);
    Map<Replication.Verdict, Integer> extrapolation = new java.util.EnumMap<>(Replication.Verdict.class);
    int claims = 0;
    for (Replication.Language l : languages)
      for (Replication.Claim c : l.claims()) {
        claims++;
        ordering.merge(c.ordering(), 1, Integer::sum);
        extrapolation.merge(c.extrapolation(), 1, Integer::sum);
      }
    if (claims == 0) return "";
    return claims + " published claims. The ordering as published: " + counts(ordering) + ". As a finding about rule extrapolation: " + counts(extrapolation) + ".";
  }

  private static String counts(Map<Replication.Verdict, Integer> m) {
    List<String> parts = new ArrayList<>();
    for (Replication.Verdict v : Replication.Verdict.values()) parts.add(m.getOrDefault(v, 0) + " " + v.label());
    return String.join(", ", parts);
  }

  static TableSection published() {
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
    return new TableSection("Reference: " + Published.LABEL,
        "Mean OOD rule extrapolation (" + Published.RULE + " on prompts that break " + Published.BROKEN + ") recomputed from the anchor authors' per-run results: "
        + "finished-only denominator, per-run maximum over all validation checks, mean over runs; the anchor's own chance levels, "
        + "for its prompts and budget. Not measured by rulex: rulex's chance levels are in the tables above.", header, rows);
  }

  TableSection cells() {
    List<List<String>> rows = new ArrayList<>();
    // Only a report with a model the bench did not train has the column, so other reports render as before.
    boolean external = cells.stream().anyMatch(c -> c.origin() != null);
    for (CellResult c : cells) {
      List<String> row = new ArrayList<>(List.of(c.key(), Long.toString(c.checkpointStep()), c.selection() == null ? "—" : c.selection().splitMode(),
          c.convergence() == null ? "—" : c.convergence().verdict(), String.format(Locale.ROOT, "%.0f", c.wallSeconds()),
          c.config().preset() == null ? "—" : c.config().preset(), c.gitRevision() == null ? "unknown" : c.gitRevision(),
          c.versions() == null ? "—" : "rulex " + c.versions().rulex() + ", djl " + c.versions().djl() + ", java " + c.versions().java()));
      if (external) row.add(c.origin() == null ? "trained by the bench" : c.origin().describe());
      rows.add(row);
    }
    String rule = cells.stream().filter(c -> c.selection() != null).map(c -> c.selection().splitMode() + ": " + c.selection().rule()).distinct()
        .collect(Collectors.joining("; "));
    return new TableSection("Cells", "One row per result file; every metric is read at the checkpoint step shown, chosen by: " + rule + ".",
        external ? List.of("cell", "checkpoint step", "split", "convergence", "wall s", "preset", "git revision", "versions", "model from")
            : List.of("cell", "checkpoint step", "split", "convergence", "wall s", "preset", "git revision", "versions"), rows);
  }
}
