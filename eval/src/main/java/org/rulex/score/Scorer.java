package org.rulex.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.grammar.Language;
import org.rulex.grammar.Rule;
import org.rulex.grammar.Vocabulary;

/**
 * Scores the completions of one prompt set of a language against its rules, with the real
 * grammar engine. Every accuracy is reported over all prompts (unfinished completions count as
 * failures) and over finished completions only (the published convention).
 */
public final class Scorer {
  /** A prompt set's metrics and its per-prompt records, in prompt order. */
  public record Scored(PromptSetScore score, List<PromptRecord> records) {}

  private final Language language;

  public Scorer(Language language) {
    this.language = language;
  }

  /**
   * Scores completions made with {@code decoding}: decoding.samplesPerPrompt() consecutive
   * completions per prompt. Rates over all completions; intervals with the prompt as the unit.
   *
   * @param seed for the bootstrap of sampled intervals
   */
  public Scored score(PromptSetRules set, List<Completion> completions, Decoding decoding, Map<String, UniformChance.Level> chance, long seed) {
    int k = decoding.samplesPerPrompt();
    if (completions.size() % k != 0) throw new IllegalArgumentException(completions.size() + " completions are not " + k + " per prompt");
    int n = completions.size() / k;
    List<Rule> checked = new ArrayList<>();
    for (String id : set.checked()) checked.add(rule(id));
    Rule broken = set.kind() == PromptSetRules.Kind.OOD ? rule(set.broken()) : null;
    Vocabulary v = language.vocabulary();

    // Per prompt: completions, finished ones, and successes (finished and satisfied) per quantity.
    long[] trials = new long[n];
    long[] finished = new long[n];
    long[][] ruleHits = new long[checked.size()][n];
    long[] brokenHits = new long[n];
    long[] languageHits = new long[n];
    List<PromptRecord> records = new ArrayList<>(completions.size());
    for (int j = 0; j < completions.size(); j++) {
      Completion c = completions.get(j);
      int i = j / k;
      trials[i]++;
      int[] word = c.word();
      Map<String, Boolean> verdicts = new LinkedHashMap<>();
      for (int r = 0; r < checked.size(); r++) {
        boolean ok = checked.get(r).accepts(word);
        verdicts.put(checked.get(r).id(), ok);
        if (ok && c.finished()) ruleHits[r][i]++;
      }
      Boolean brokenVerdict = broken == null ? null : broken.accepts(c.completion());
      boolean inLanguage = language.accepts(word);
      if (c.finished()) {
        finished[i]++;
        if (Boolean.TRUE.equals(brokenVerdict)) brokenHits[i]++;
        if (inLanguage) languageHits[i]++;
      }
      records.add(new PromptRecord(set.name(), decoding.mode(), j % k, v.decode(c.prompt()), v.decode(c.completion()), c.finished(), verdicts,
          brokenVerdict, inLanguage));
    }
    Map<String, Accuracy> rules = new LinkedHashMap<>();
    for (int r = 0; r < checked.size(); r++) rules.put(checked.get(r).id(), accuracy(ruleHits[r], finished, trials, seed + r));
    PromptSetScore score = new PromptSetScore(set.name(), set.kind(), set.broken(), decoding, n, Rate.clustered(finished, trials, seed),
        rules, broken == null ? null : accuracy(brokenHits, finished, trials, seed + 101), accuracy(languageHits, finished, trials, seed + 102), chance);
    return new Scored(score, List.copyOf(records));
  }

  private static Accuracy accuracy(long[] hits, long[] finished, long[] trials, long seed) {
    return new Accuracy(Rate.clustered(hits, trials, seed), Rate.clustered(hits, finished, seed));
  }

  private Rule rule(String id) {
    return language.rule(id).orElseThrow(() -> new IllegalArgumentException(
        "language " + language.name() + " has no rule " + id + " (rules: " + language.rules().stream().map(Rule::id).toList() + ")"));
  }
}
