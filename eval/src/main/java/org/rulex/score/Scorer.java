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

  public Scored score(PromptSetRules set, List<Completion> completions) {
    List<Rule> checked = new ArrayList<>();
    for (String id : set.checked()) checked.add(rule(id));
    Rule broken = set.kind() == PromptSetRules.Kind.OOD ? rule(set.broken()) : null;
    Vocabulary v = language.vocabulary();

    long finished = 0;
    long[] ruleHits = new long[checked.size()];
    long brokenHits = 0;
    long languageHits = 0;
    List<PromptRecord> records = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      int[] word = c.word();
      Map<String, Boolean> verdicts = new LinkedHashMap<>();
      for (int i = 0; i < checked.size(); i++) {
        boolean ok = checked.get(i).accepts(word);
        verdicts.put(checked.get(i).id(), ok);
        if (ok && c.finished()) ruleHits[i]++;
      }
      Boolean brokenVerdict = broken == null ? null : broken.accepts(c.completion());
      boolean inLanguage = language.accepts(word);
      if (c.finished()) {
        finished++;
        if (Boolean.TRUE.equals(brokenVerdict)) brokenHits++;
        if (inLanguage) languageHits++;
      }
      records.add(new PromptRecord(set.name(), v.decode(c.prompt()), v.decode(c.completion()), c.finished(), verdicts, brokenVerdict, inLanguage));
    }
    long n = completions.size();
    Map<String, Accuracy> rules = new LinkedHashMap<>();
    for (int i = 0; i < checked.size(); i++) rules.put(checked.get(i).id(), Accuracy.of(ruleHits[i], finished, n));
    PromptSetScore score = new PromptSetScore(set.name(), set.kind(), set.broken(), completions.size(), Rate.of(finished, n),
        rules, broken == null ? null : Accuracy.of(brokenHits, finished, n), Accuracy.of(languageHits, finished, n));
    return new Scored(score, List.copyOf(records));
  }

  private Rule rule(String id) {
    return language.rule(id).orElseThrow(() -> new IllegalArgumentException(
        "language " + language.name() + " has no rule " + id + " (rules: " + language.rules().stream().map(Rule::id).toList() + ")"));
  }
}
