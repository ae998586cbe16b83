package org.rulex.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.rulex.decode.Decoder;
import org.rulex.decode.DecodingSettings;
import org.rulex.decode.TestLoss;
import org.rulex.grammar.Language;
import org.rulex.model.LanguageModel;
import org.rulex.regress.Metric;
import org.rulex.score.Accuracy;
import org.rulex.score.Completion;
import org.rulex.score.Decoding;
import org.rulex.score.UniformChance;
import org.rulex.score.PromptRecord;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;
import org.rulex.score.Scorer;
import org.rulex.score.TokenMetrics;

/**
 * Everything measured of one model on one language, the same way for a benchmark cell and for
 * a CI regression check: test loss and next-token accuracy on held-out members, then
 * completions of every prompt set, greedy and/or sampled, scored rule by rule beside the
 * uniform sampler's chance level for the same prompts and budget.
 */
public final class Evaluation {
  /** The measurements, and the per-completion records to look at what the model did. */
  public record Outcome(TokenMetrics test, List<PromptSetScore> promptSets, List<PromptRecord> records, Map<String, Integer> promptCounts) {
    /** The figures a regression check compares, by stable name (e.g. ood-R2/R1/all, sampled/ood-R2/R1/all). */
    public Map<String, Metric> metrics() {
      Map<String, Metric> m = new LinkedHashMap<>();
      m.put(Metric.TEST_LOSS, Metric.loss(Metric.TEST_LOSS, test.loss()));
      for (PromptSetScore s : promptSets) {
        String prefix = (s.isGreedy() ? "" : Decoding.SAMPLED + "/") + s.name();
        add(m, prefix + "/finished", s.finished());
        for (var e : s.rules().entrySet()) add(m, prefix + "/" + e.getKey(), e.getValue());
        if (s.brokenRuleOnCompletion() != null) add(m, prefix + "/" + s.broken() + "-on-completion", s.brokenRuleOnCompletion());
        add(m, prefix + "/in-language", s.inLanguage());
      }
      return m;
    }

    /** A prompt set's score under greedy (true) or sampled decoding, or null. */
    public PromptSetScore promptSet(String name, boolean greedy) {
      return promptSets.stream().filter(p -> p.name().equals(name) && p.isGreedy() == greedy).findFirst().orElse(null);
    }

    private static void add(Map<String, Metric> m, String name, Accuracy a) {
      add(m, name + "/all", a.overAllPrompts());
      add(m, name + "/finished-only", a.overFinishedOnly());
    }

    private static void add(Map<String, Metric> m, String name, Rate r) {
      m.put(name, Metric.rate(name, r.successes(), r.trials(), r.low(), r.high()));
    }
  }

  private Evaluation() {}

  /**
   * @param prompts the prompt sets by name ("id", "ood-R2", ...); sets missing here are scored empty
   * @param budget new tokens (EOS included) by prompt length, e.g. {@link DecodingSettings#budgetToReach(int)}
   * @param seed seeds the sampled-prompt subset, tie breaking and sampling
   * @param uniform chance levels, remembered by it to share them between models scored alike
   */
  public static Outcome run(LanguageModel model, Language lang, List<int[]> testWords, Map<String, List<int[]>> prompts, DecodingSettings decoding,
      IntUnaryOperator budget, long seed, UniformChance uniform) {
    TokenMetrics test = TestLoss.evaluate(model, testWords, 64);
    Scorer scorer = new Scorer(lang);
    List<PromptSetScore> scores = new ArrayList<>();
    List<PromptRecord> records = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<PromptSetRules> sets = PromptSetRules.all(lang, prompts.keySet());
    for (PromptSetRules set : sets) counts.put(set.name(), prompts.getOrDefault(set.name(), List.of()).size());
    for (String mode : decoding.modes()) {
      boolean greedy = mode.equals(Decoding.GREEDY);
      for (PromptSetRules set : sets) {
        List<int[]> ps = prompts.getOrDefault(set.name(), List.of());
        if (!greedy) ps = subset(ps, decoding.maxSampledPrompts(), seed);
        int promptLength = ps.isEmpty() ? 0 : ps.get(0).length;
        int setBudget = budget.applyAsInt(promptLength);
        for (int[] p : ps)
          if (budget.applyAsInt(p.length) != setBudget) throw new IllegalArgumentException("prompt set " + set.name() + " mixes prompt lengths");
        Decoding used = decoding.decoding(mode, setBudget);
        List<Completion> completions = ps.isEmpty() ? List.of() : Decoder.complete(model, ps, used, seed);
        Map<String, UniformChance.Level> chance = uniform.of(set, ps, budget, seed);
        Scorer.Scored scored = scorer.score(set, completions, used, chance, seed);
        scores.add(scored.score());
        records.addAll(scored.records());
      }
    }
    return new Outcome(test, scores, records, counts);
  }

  /** At most max prompts, a seeded subset in the original order (all when max is 0 or not smaller). */
  static List<int[]> subset(List<int[]> prompts, int max, long seed) {
    if (max == 0 || prompts.size() <= max) return prompts;
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) idx.add(i);
    java.util.Collections.shuffle(idx, new java.util.Random(seed));
    List<Integer> keep = new ArrayList<>(idx.subList(0, max));
    java.util.Collections.sort(keep);
    return keep.stream().map(prompts::get).toList();
  }
}
