package org.rulex.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;

/**
 * The published table as claims, checked against rulex's results. Every ordering the published
 * table states between two models on one language ("A extrapolates R1 better than B") is a
 * claim; rulex's figure for a model is the mean OOD R1 on prompts that break R2 over the seeds
 * whose model learned its language, with an interval; a claim is reproduced when rulex's
 * intervals separate the two models the published way, refuted when they separate them the other
 * way, inconclusive when they overlap, and untested when either model has no learned cell.
 *
 * <p>The interval covers both sources of doubt: the spread between seeds (a Student-t 95%
 * interval of the mean, for two or more seeds) and the prompts (each cell's own 95% interval,
 * prompt as the unit, half-widths averaged over the seeds); it is the hull of the two, so it is
 * never narrower than either.
 */
public final class Replication {
  /** The rulex figure compared with the published one: R1 on prompts that break R2, over all prompts. */
  public static final String SET = "ood-" + Published.BROKEN;

  public static final String RULE = Published.RULE;

  /** What a claim's check came to. */
  public enum Verdict {
    REPRODUCED, REFUTED, INCONCLUSIVE, UNTESTED;

    public String label() {
      return switch (this) {
        case REPRODUCED -> "reproduced";
        case REFUTED -> "refuted (intervals exclude it)";
        case INCONCLUSIVE -> "inconclusive (intervals overlap)";
        case UNTESTED -> "untested (a model without learned cells)";
      };
    }
  }

  /**
   * rulex's figure for one model on one language: learned of cells seeds, mean over the learned
   * ones, and the interval (NaN when no cell learned).
   */
  public record Figure(String model, double published, int learned, int cells, String decoding, double mean, double low, double high) {
    public boolean defined() {
      return learned > 0 && !Double.isNaN(mean);
    }
  }

  /** "better beats worse on R1 extrapolation", as the published table orders them. */
  public record Claim(String alias, String better, String worse, double publishedBetter, double publishedWorse, Verdict verdict) {}

  /** One reference language: figures in published order (best first) and its claims. */
  public record Language(String alias, String name, List<Figure> figures, List<Claim> claims) {}

  private Replication() {}

  /** Per reference language with results, the figures and claims; models are those both the table and the results have. */
  public static List<Language> of(List<CellResult> cells) {
    Map<String, Map<String, List<CellResult>>> byAlias = new TreeMap<>(Comparator.comparingInt(Published.ALIASES::indexOf));
    for (CellResult c : cells) {
      Published.alias(c.config()).ifPresent(a -> {
        if (Published.oodR1(a, c.config().model()).isPresent())
          byAlias.computeIfAbsent(a, k -> new TreeMap<>()).computeIfAbsent(c.config().model(), k -> new ArrayList<>()).add(c);
      });
    }
    List<Language> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<CellResult>>> e : byAlias.entrySet()) {
      String alias = e.getKey();
      Map<String, Figure> figures = new LinkedHashMap<>();
      e.getValue().forEach((model, cs) -> figures.put(model, figure(model, Published.oodR1(alias, model).getAsDouble(), cs)));
      List<Figure> ranked = figures.values().stream().sorted(Comparator.comparingDouble(Figure::published).reversed().thenComparing(Figure::model)).toList();
      List<Claim> claims = new ArrayList<>();
      for (int i = 0; i < ranked.size(); i++)
        for (int j = i + 1; j < ranked.size(); j++) {
          Figure a = ranked.get(i);
          Figure b = ranked.get(j);
          // A tie in the published table states no ordering.
          if (a.published() > b.published()) claims.add(new Claim(alias, a.model(), b.model(), a.published(), b.published(), verdict(a, b)));
        }
      out.add(new Language(alias, Published.name(alias), ranked, claims));
    }
    return out;
  }

  static Verdict verdict(Figure better, Figure worse) {
    if (!better.defined() || !worse.defined()) return Verdict.UNTESTED;
    if (better.low() > worse.high()) return Verdict.REPRODUCED;
    if (better.high() < worse.low()) return Verdict.REFUTED;
    return Verdict.INCONCLUSIVE;
  }

  /** Sampled when the cells sampled (the model's probability of the rule), else greedy; over all prompts. */
  static Figure figure(String model, double published, List<CellResult> cells) {
    List<CellResult> learned = cells.stream().filter(CellResult::learned).toList();
    boolean sampled = learned.stream().allMatch(c -> c.promptSet(SET, false) != null) && !learned.isEmpty();
    List<Double> means = new ArrayList<>();
    double halfLow = 0;
    double halfHigh = 0;
    for (CellResult c : learned) {
      PromptSetScore p = c.promptSet(SET, !sampled);
      Accuracy a = p == null ? null : p.rules().get(RULE);
      if (a == null || !a.overAllPrompts().isDefined()) continue;
      Rate r = a.overAllPrompts();
      means.add(r.rate());
      halfLow += r.rate() - r.low();
      halfHigh += r.high() - r.rate();
    }
    String decoding = sampled ? "sampled" : "greedy";
    if (means.isEmpty()) return new Figure(model, published, learned.size(), cells.size(), decoding, Double.NaN, Double.NaN, Double.NaN);
    Spread s = Spread.of(means);
    // The prompt part: each cell's own interval (Wilson for greedy; for sampled, the bootstrap over prompts, since the K
    // completions of a prompt are not independent), its half-widths averaged over the seeds and not narrowed by their number.
    double low = s.mean() - halfLow / means.size();
    double high = s.mean() + halfHigh / means.size();
    if (s.n() > 1) {
      double half = studentT975(s.n() - 1) * s.std() / Math.sqrt(s.n());
      low = Math.min(low, s.mean() - half);
      high = Math.max(high, s.mean() + half);
    }
    return new Figure(model, published, learned.size(), cells.size(), decoding, s.mean(), Math.max(0, low), Math.min(1, high));
  }

  /** The 97.5% quantile of Student's t with df degrees of freedom (table to 30, then the normal). */
  static double studentT975(int df) {
    double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    return df >= 1 && df <= t.length ? t[df - 1] : Rate.Z95;
  }
}
