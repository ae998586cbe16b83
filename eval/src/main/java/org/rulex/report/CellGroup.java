package org.rulex.report;

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
import java.util.function.Function;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;
import org.rulex.score.SeedMean;
import org.rulex.score.UniformChance;

/**
 * The cells of one language and model, one per seed in seed order, and the figures the report
 * computes over them. Prompt sets and rules come from the results, that is from the language's
 * own language.json; only the published anchor's figure is tied to named rules (see {@link Published}).
 */
record CellGroup(String language, String model, Optional<String> alias, List<CellResult> cells) {

  /** The cells grouped by language and model, the anchor's languages first in its order, then by name. */
  static List<CellGroup> of(List<CellResult> sortedCells) {
    Map<String, List<CellResult>> byKey = new TreeMap<>();
    for (CellResult c : sortedCells) byKey.computeIfAbsent(c.config().language() + "\u0000" + c.config().model(), k -> new ArrayList<>()).add(c);
    List<CellGroup> gs = new ArrayList<>();
    for (List<CellResult> cs : byKey.values()) {
      List<CellResult> bySeed = cs.stream().sorted(Comparator.comparingLong(c -> c.config().seed())).toList();
      CellResult first = bySeed.get(0);
      gs.add(new CellGroup(first.config().language(), first.config().model(), Published.alias(first.config()), bySeed));
    }
    gs.sort(Comparator.comparing(CellGroup::languageOrder).thenComparing(CellGroup::language).thenComparing(CellGroup::model));
    return List.copyOf(gs);
  }

  int seeds() {
    return cells.size();
  }

  private int languageOrder() {
    return alias.map(Published.ALIASES::indexOf).orElse(Published.ALIASES.size());
  }

  /** "L3 anbn" for an anchor language, the name alone otherwise. */
  String languageLabel() {
    return alias.filter(a -> !a.equalsIgnoreCase(language)).map(a -> a + " " + language).orElse(language);
  }

  /** A metric over the seeds; a cell without it counts as missing. */
  SeedMean spread(Function<CellResult, Double> metric) {
    return spreadOf(cells, metric);
  }

  static SeedMean spreadOf(List<CellResult> cells, Function<CellResult, Double> metric) {
    List<Double> values = new ArrayList<>();
    for (CellResult c : cells) {
      Double v = metric.apply(c);
      values.add(v == null ? Double.NaN : v);
    }
    return SeedMean.of(values);
  }

  /** "all-prompts mean ± std (finished-only mean ± std)". */
  String both(Function<CellResult, Accuracy> accuracy) {
    SeedMean all = spread(c -> { Accuracy a = accuracy.apply(c); return a == null ? null : rate(a.overAllPrompts()); });
    SeedMean fin = spread(c -> { Accuracy a = accuracy.apply(c); return a == null ? null : rate(a.overFinishedOnly()); });
    if (all.n() == 0 && fin.n() == 0) return "—";
    return all.meanAndStd() + " (" + fin.meanAndStd() + ")";
  }

  static Double rate(Rate r) {
    return r == null ? Double.NaN : r.rate();
  }

  static PromptSetScore idSet(CellResult c) {
    return c.promptSets().stream().filter(p -> p.kind() == PromptSetRules.Kind.ID).findFirst().orElse(null);
  }

  /** The OOD prompt sets with the rules they check, in the order the results list them. */
  Map<String, Set<String>> oodSets() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (CellResult c : cells)
      for (PromptSetScore p : c.promptSets())
        if (p.kind() == PromptSetRules.Kind.OOD) out.computeIfAbsent(p.name(), k -> new LinkedHashSet<>()).addAll(p.rules().keySet());
    return out;
  }

  String brokenRule(String set) {
    for (CellResult c : cells) {
      PromptSetScore p = c.promptSet(set);
      if (p != null && p.broken() != null) return p.broken();
    }
    return "?";
  }

  /** The published figure for a rule on a set that breaks another, where the anchor has one. */
  OptionalDouble published(String broken, String rule) {
    if (alias.isEmpty() || !Published.measures(broken, rule)) return OptionalDouble.empty();
    return Published.oodR1(alias.get(), model);
  }

  /** "k/n" cells that learned their language by the preset's thresholds, "?" where unknown. */
  String learned() {
    long yes = cells.stream().filter(CellResult::learned).count();
    boolean unknown = cells.stream().anyMatch(c -> c.convergence() == null || c.convergence().learned() == null);
    return yes + "/" + cells.size() + (unknown ? "?" : "");
  }

  /** The chance level of a rule (or a {@link UniformChance} key) on a prompt set, with "(MC)" for an estimate. */
  String chanceCell(String set, String key) {
    OptionalDouble d = chanceOf(cells, set, key);
    return d.isPresent() ? chance(d.getAsDouble()) + (chanceIsEstimate(cells, set, key) ? " (MC)" : "") : "—";
  }

  /**
   * The uniform sampler's level for a rule of a prompt set, computed by rulex for its own prompts
   * and budget (greedy set of each cell; the mean over cells, which differ only by prompt
   * subsets). key: a rule id or a {@link UniformChance} key.
   */
  static OptionalDouble chanceOf(List<CellResult> cells, String set, String key) {
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

  /** Whether the first cell with a chance level has a Monte Carlo estimate rather than an exact one. */
  private static boolean chanceIsEstimate(List<CellResult> cells, String set, String key) {
    for (CellResult c : cells) {
      PromptSetScore p = c.promptSet(set);
      UniformChance.Level l = p == null ? null : p.chance().get(key);
      if (l != null) return l.method().startsWith("monte-carlo");
    }
    return false;
  }

  static String opt(OptionalDouble d) {
    return d.isPresent() ? chance(d.getAsDouble()) : "—";
  }

  /** Three decimals, four for a small chance level (L5's .0033). */
  static String chance(double v) {
    return String.format(Locale.ROOT, v > 0 && v < 0.01 ? "%.4f" : "%.3f", v);
  }
}
