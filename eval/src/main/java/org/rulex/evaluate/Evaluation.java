package org.rulex.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.decode.Decoder;
import org.rulex.decode.TestLoss;
import org.rulex.grammar.Language;
import org.rulex.model.LanguageModel;
import org.rulex.regress.Metric;
import org.rulex.score.Accuracy;
import org.rulex.score.Completion;
import org.rulex.score.PromptRecord;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;
import org.rulex.score.Scorer;
import org.rulex.score.TokenMetrics;

/**
 * Everything measured of one model on one language, the same way for a benchmark cell and for
 * a CI regression check: test loss and next-token accuracy on held-out members, then greedy
 * completions of every prompt set, scored rule by rule.
 */
public final class Evaluation {
  /** The measurements, and the per-prompt records to look at what the model did. */
  public record Outcome(TokenMetrics test, List<PromptSetScore> promptSets, List<PromptRecord> records, Map<String, Integer> promptCounts) {
    /** The figures a regression check compares, by stable name (e.g. ood-R2/R1/all). */
    public Map<String, Metric> metrics() {
      Map<String, Metric> m = new LinkedHashMap<>();
      m.put("test/loss", Metric.loss("test/loss", test.loss()));
      for (PromptSetScore s : promptSets) {
        add(m, s.name() + "/finished", s.finished());
        for (var e : s.rules().entrySet()) add(m, s.name() + "/" + e.getKey(), e.getValue());
        if (s.brokenRuleOnCompletion() != null) add(m, s.name() + "/" + s.broken() + "-on-completion", s.brokenRuleOnCompletion());
        add(m, s.name() + "/in-language", s.inLanguage());
      }
      return m;
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
   * @param budget new-token budget as a function of the prompt length
   */
  public static Outcome run(LanguageModel model, Language lang, List<int[]> testWords, Map<String, List<int[]>> prompts,
      java.util.function.IntUnaryOperator budget, long seed) {
    TokenMetrics test = TestLoss.evaluate(model, testWords, 64);
    Scorer scorer = new Scorer(lang);
    List<PromptSetScore> scores = new ArrayList<>();
    List<PromptRecord> records = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (PromptSetRules set : PromptSetRules.all(lang)) {
      List<int[]> ps = prompts.getOrDefault(set.name(), List.of());
      counts.put(set.name(), ps.size());
      int promptLength = ps.isEmpty() ? 0 : ps.get(0).length;
      List<Completion> completions = ps.isEmpty() ? List.of()
          : Decoder.complete(model, ps, new Decoder.Settings(budget.applyAsInt(promptLength), 0, seed, 256));
      Scorer.Scored scored = scorer.score(set, completions);
      scores.add(scored.score());
      records.addAll(scored.records());
    }
    return new Outcome(test, scores, records, counts);
  }
}
