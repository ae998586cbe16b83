package org.rulex.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;
import org.rulex.score.SeedMean;

/**
 * The published table as claims, checked against rulex's results, with two verdicts per claim.
 * Every ordering the published table states between two models on one language ("A extrapolates
 * R1 better than B") is a claim; rulex's figure for a model is its mean OOD R1 on prompts that
 * break R2 over seeds, with an interval.
 *
 * <ul>
 *   <li><b>The ordering as published</b>: over every seed of both models, learned or not.
 *       Reproduced when the intervals separate the two models the published way, refuted when
 *       they separate them the other way, inconclusive when they overlap; untested when a model
 *       has fewer than two seeds (a verdict never rests on one seed).
 *   <li><b>A finding about rule extrapolation</b>: over the learned seeds only, and only when both
 *       models learned on at least {@value #MIN_LEARNED} seeds and each model's figure lies above
 *       both baselines' (uniform and stop-at-once, every seed, same decoding) beyond their
 *       intervals; otherwise untested, with the conditions that failed in words.
 * </ul>
 *
 * <p>A cell is borderline when the 95% interval of its ID in-language rate (the decoding the
 * learned flag used) contains the threshold: it counts as neither learned nor unlearned.
 *
 * <p>The interval of a figure is the hull of two: a Student-t 95% interval of the mean over the
 * seeds (the spread between seeds), and the cells' own 95% intervals with the prompt as the
 * unit (Wilson for greedy, a bootstrap over prompts for sampled), their half-widths averaged
 * over the seeds; it is never narrower than either, and is cut to [0, 1].
 */
public final class Replication {
  /** The rulex figure compared with the published one: R1 on prompts that break R2, over all prompts. */
  public static final String SET = "ood-" + Published.BROKEN;

  public static final String RULE = Published.RULE;

  /** Learned seeds per model a finding about rule extrapolation needs. */
  public static final int MIN_LEARNED = 3;

  /** The baselines every finding must beat, as the bench names them. */
  public static final List<String> BASELINES = List.of("uniform", "stop-at-once");

  /** What a claim's check came to. */
  public enum Verdict {
    REPRODUCED, REFUTED, INCONCLUSIVE, UNTESTED;

    public String label() {
      return switch (this) {
        case REPRODUCED -> "reproduced";
        case REFUTED -> "refuted";
        case INCONCLUSIVE -> "inconclusive";
        case UNTESTED -> "untested";
      };
    }
  }

  /** A cell's learned status, with borderline cells apart. */
  public enum Status { LEARNED, BORDERLINE, UNLEARNED }

  /**
   * rulex's figure for one model on one language over some of its cells: learned, borderline
   * and all cells, the decoding read, the mean over the cells counted and the interval (NaN when
   * none counted).
   */
  public record Figure(String model, double published, int counted, int learned, int borderline, int cells, String decoding,
      double mean, double low, double high) {
    public boolean defined() {
      return counted > 0 && !Double.isNaN(mean);
    }

    /** "0.812 [0.700, 0.901]" or "—". */
    public String interval() {
      return defined() ? SeedMean.num(mean) + " [" + SeedMean.num(low) + ", " + SeedMean.num(high) + "]" : "—";
    }
  }

  /**
   * "better beats worse on R1 extrapolation", as the published table orders them, with both
   * verdicts. ordering: over all seeds; extrapolation: over learned seeds, with why not when untested.
   */
  public record Claim(String alias, String better, String worse, double publishedBetter, double publishedWorse,
      Figure betterAll, Figure worseAll, Verdict ordering, String orderingWhy,
      Figure betterLearned, Figure worseLearned, Verdict extrapolation, String extrapolationWhy) {}

  /**
   * One reference language: figures over all seeds and over learned seeds (published order, best
   * first), the baselines' figures, and the claims.
   */
  public record Language(String alias, String name, List<Figure> all, List<Figure> learned, List<Figure> baselines, List<Claim> claims) {}

  private Replication() {}

  /** Per reference language with results, the figures and claims; models are those both the table and the results have. */
  public static List<Language> of(List<CellResult> cells) {
    Map<String, Map<String, List<CellResult>>> byAlias = new TreeMap<>(Comparator.comparingInt(Published.ALIASES::indexOf));
    for (CellResult c : cells) {
      Published.alias(c.config()).ifPresent(a -> byAlias.computeIfAbsent(a, k -> new TreeMap<>()).computeIfAbsent(c.config().model(), k -> new ArrayList<>()).add(c));
    }
    List<Language> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<CellResult>>> e : byAlias.entrySet()) {
      String alias = e.getKey();
      Map<String, Figure> all = new LinkedHashMap<>();
      Map<String, Figure> learned = new LinkedHashMap<>();
      e.getValue().forEach((model, cs) -> Published.oodR1(alias, model).ifPresent(p -> {
        all.put(model, figure(model, p, cs, false, null));
        learned.put(model, figure(model, p, cs, true, null));
      }));
      if (all.isEmpty()) continue;
      Comparator<Figure> published = Comparator.comparingDouble(Figure::published).reversed().thenComparing(Figure::model);
      List<Figure> rankedAll = all.values().stream().sorted(published).toList();
      List<Figure> rankedLearned = learned.values().stream().sorted(published).toList();
      List<Figure> baselines = new ArrayList<>();
      // A baseline's figure under one decoding, computed once per language and shared by its claims.
      Map<String, Figure> baselineFigures = new java.util.HashMap<>();
      List<Claim> claims = new ArrayList<>();
      for (int i = 0; i < rankedAll.size(); i++)
        for (int j = i + 1; j < rankedAll.size(); j++) {
          Figure a = rankedAll.get(i);
          Figure b = rankedAll.get(j);
          // A tie in the published table states no ordering.
          if (a.published() <= b.published()) continue;
          Figure la = learned.get(a.model());
          Figure lb = learned.get(b.model());
          String orderingWhy = orderingUntestable(a, b);
          Verdict ordering = orderingWhy == null ? separate(a, b) : Verdict.UNTESTED;
          List<String> why = new ArrayList<>();
          for (Figure f : List.of(la, lb)) {
            if (f.learned() < MIN_LEARNED)
              why.add(f.model() + " did not learn " + Published.name(alias) + ": " + f.learned() + "/" + f.cells()
                  + (f.borderline() > 0 ? " (" + f.borderline() + " borderline)" : "") + ", fewer than " + MIN_LEARNED);
          }
          for (Figure f : List.of(la, lb)) {
            if (!f.defined()) continue;
            for (String base : BASELINES) {
              List<CellResult> bc = e.getValue().get(base);
              if (bc == null || bc.isEmpty()) {
                why.add("no " + base + " baseline cells");
                continue;
              }
              Figure bf = baselineFigures.computeIfAbsent(base + "/" + f.decoding(), k -> figure(base, Double.NaN, bc, false, f.decoding()));
              if (!bf.defined()) why.add(base + " has no figure");
              else if (!(f.low() > bf.high()))
                why.add(f.model() + " not above " + base + " (" + f.interval() + " against " + bf.interval() + ")");
            }
          }
          List<String> distinct = why.stream().distinct().toList();
          Verdict extrapolation = distinct.isEmpty() ? separate(la, lb) : Verdict.UNTESTED;
          claims.add(new Claim(alias, a.model(), b.model(), a.published(), b.published(), a, b, ordering, orderingWhy, la, lb, extrapolation,
              distinct.isEmpty() ? null : String.join("; ", distinct)));
        }
      for (String base : BASELINES) {
        List<CellResult> bc = e.getValue().get(base);
        if (bc != null && !bc.isEmpty()) baselines.add(figure(base, Double.NaN, bc, false, null));
      }
      out.add(new Language(alias, Published.name(alias), rankedAll, rankedLearned, baselines, claims));
    }
    return out;
  }

  private static String orderingUntestable(Figure a, Figure b) {
    List<String> why = new ArrayList<>();
    for (Figure f : List.of(a, b)) if (f.counted() < 2) why.add(f.model() + " has " + f.counted() + " seed" + (f.counted() == 1 ? "" : "s") + " with a figure, fewer than 2");
    return why.isEmpty() ? null : String.join("; ", why);
  }

  static Verdict separate(Figure better, Figure worse) {
    if (!better.defined() || !worse.defined()) return Verdict.UNTESTED;
    if (better.low() > worse.high()) return Verdict.REPRODUCED;
    if (better.high() < worse.low()) return Verdict.REFUTED;
    return Verdict.INCONCLUSIVE;
  }

  /** A cell's status: learned, unlearned, or borderline when its ID in-language interval holds the threshold. */
  public static Status status(CellResult c) {
    if (c.convergence() == null || c.convergence().learned() == null) return Status.UNLEARNED;
    Rate id = idInLanguage(c);
    double threshold = c.convergence().minIdInLanguage();
    if (id != null && id.isDefined() && id.low() <= threshold && threshold <= id.high()) return Status.BORDERLINE;
    return c.learned() ? Status.LEARNED : Status.UNLEARNED;
  }

  /** The ID in-language rate under the decoding the learned flag used (sampled when it says so and the cell has it). */
  private static Rate idInLanguage(CellResult c) {
    String label = c.convergence().idInLanguageDecoding();
    boolean sampled = label != null && label.startsWith("sampled") && c.promptSet(PromptSetRules.ID_NAME, false) != null;
    PromptSetScore id = c.promptSet(PromptSetRules.ID_NAME, !sampled);
    return id == null || id.inLanguage() == null ? null : id.inLanguage().overAllPrompts();
  }

  /**
   * The figure over a model's cells: all of them, or only the learned ones (borderline left out).
   * Decoding: the one asked for, else sampled when every counted cell sampled (the model's
   * probability of the rule), else greedy; over all prompts.
   */
  static Figure figure(String model, double published, List<CellResult> cells, boolean learnedOnly, String decoding) {
    List<Status> statuses = cells.stream().map(Replication::status).toList();
    int learned = (int) statuses.stream().filter(st -> st == Status.LEARNED).count();
    int borderline = (int) statuses.stream().filter(st -> st == Status.BORDERLINE).count();
    List<CellResult> counted = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) if (!learnedOnly || statuses.get(i) == Status.LEARNED) counted.add(cells.get(i));
    boolean sampled = decoding != null ? decoding.equals("sampled")
        : !counted.isEmpty() && counted.stream().allMatch(c -> c.promptSet(SET, false) != null);
    List<Double> means = new ArrayList<>();
    double halfLow = 0;
    double halfHigh = 0;
    for (CellResult c : counted) {
      PromptSetScore p = c.promptSet(SET, !sampled);
      Accuracy a = p == null ? null : p.rules().get(RULE);
      if (a == null || !a.overAllPrompts().isDefined()) continue;
      Rate r = a.overAllPrompts();
      means.add(r.rate());
      halfLow += r.rate() - r.low();
      halfHigh += r.high() - r.rate();
    }
    String label = sampled ? "sampled" : "greedy";
    if (means.isEmpty()) return new Figure(model, published, 0, learned, borderline, cells.size(), label, Double.NaN, Double.NaN, Double.NaN);
    SeedMean s = SeedMean.of(means);
    // The prompt part: each cell's own interval (Wilson for greedy; for sampled, the bootstrap over prompts, since the K
    // completions of a prompt are not independent), its half-widths averaged over the seeds and not narrowed by their number.
    double low = s.mean() - halfLow / means.size();
    double high = s.mean() + halfHigh / means.size();
    if (s.n() > 1) { // the seeds' part: the Student-t interval of the mean
      low = Math.min(low, s.low());
      high = Math.max(high, s.high());
    }
    return new Figure(model, published, means.size(), learned, borderline, cells.size(), label, s.mean(), Math.max(0, low), Math.min(1, high));
  }
}
