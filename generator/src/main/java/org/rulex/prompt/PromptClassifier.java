package org.rulex.prompt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.rulex.UserError;
import org.rulex.grammar.Conjunction;
import org.rulex.grammar.Language;
import org.rulex.grammar.LanguageSpec;
import org.rulex.grammar.Rule;
import org.rulex.grammar.RuleEngine;

/**
 * Classifies prompts exactly, per rule: is the prompt a viable prefix of the rule (within the
 * language's maximum length), and of the language? One automaton per rule is kept and stepped,
 * so classifying every word of a prompt length is fast. Not thread-safe.
 */
public final class PromptClassifier {
  /** Candidates are enumerated when the alphabet to the prompt length is at most this. */
  public static final long ENUMERATE_UP_TO = 200_000;
  /** Distinct candidates sampled otherwise. */
  public static final int DEFAULT_SAMPLED = 20_000;

  private final Language language;
  private final List<Rule> rules;
  private final RuleEngine[] engines;
  private final RuleEngine joint;

  public PromptClassifier(Language language) {
    this.language = language;
    this.rules = language.rules();
    this.engines = rules.stream().map(Rule::engine).toArray(RuleEngine[]::new);
    this.joint = language.language().engine();
  }

  /** Per rule (in the language's order, then the language as "L"): the engine that answered and whether every answer was exact. */
  public List<PromptSets.EngineNote> engineNotes() {
    List<PromptSets.EngineNote> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) out.add(new PromptSets.EngineNote(rules.get(i).id(), engines[i].method(), engines[i].exact(), engines[i].undecided()));
    out.add(new PromptSets.EngineNote("L", joint.method(), joint.exact(), joint.undecided()));
    return out;
  }

  /** Per-rule viability (in the language's rule order) and joint viability of one prompt. */
  public record Verdict(boolean[] viable, boolean jointlyViable) {
    public int broken() {
      int k = 0;
      for (boolean v : viable) if (!v) k++;
      return k;
    }
  }

  public Verdict classify(int[] prompt) {
    int budget = language.maxWordLength() - prompt.length;
    boolean[] v = new boolean[rules.size()];
    for (int i = 0; i < v.length; i++) v[i] = budget >= 0 && engines[i].viable(prompt, budget);
    boolean j = budget >= 0 && joint.viable(prompt, budget);
    return new Verdict(v, j);
  }

  /**
   * The shortest member of the language that starts with the prompt (ties: smallest ids first),
   * or null if there is none within the language's maximum length.
   */
  public int[] witness(int[] prompt) {
    return joint.witness(prompt, language.maxWordLength() - prompt.length);
  }

  /** Breadth-first search over the automaton: the prompt followed by the shortest accepted completion. */
  public static int[] shortestCompletion(Conjunction automaton, int[] alphabet, int[] prompt, int budget) {
    int start = automaton.run(prompt);
    if (start == Conjunction.DEAD) return null;
    Map<Integer, long[]> parent = new HashMap<>(); // state -> {previous state, id}
    ArrayDeque<int[]> frontier = new ArrayDeque<>(); // {state, depth}
    parent.put(start, null);
    frontier.add(new int[] {start, 0});
    while (!frontier.isEmpty()) {
      int[] sd = frontier.poll();
      int s = sd[0];
      if (automaton.accepts(s)) {
        List<Integer> tail = new ArrayList<>();
        for (long[] p = parent.get(s); p != null; p = parent.get((int) p[0])) tail.add(0, (int) p[1]);
        int[] out = Arrays.copyOf(prompt, prompt.length + tail.size());
        for (int i = 0; i < tail.size(); i++) out[prompt.length + i] = tail.get(i);
        return out;
      }
      if (sd[1] >= budget) continue;
      for (int id : alphabet) {
        int n = automaton.step(s, id);
        if (n == Conjunction.DEAD || parent.containsKey(n)) continue;
        parent.put(n, new long[] {s, id});
        frontier.add(new int[] {n, sd[1] + 1});
      }
    }
    return null;
  }

  /**
   * Classifies every word of the prompt length (or, when there are more than
   * {@link #ENUMERATE_UP_TO}, {@code sampled} distinct words drawn with the seed) into the
   * language's prompt sets.
   */
  public static PromptSets build(Language language, Integer length, long seed, int sampled) {
    LanguageSpec.PromptSpec spec = language.spec().prompts();
    int m = length != null ? length : spec != null && spec.length() != null ? spec.length() : 8;
    if (m < 0) throw new UserError("prompt length must be >= 0, not " + m);
    if (m > language.maxWordLength()) throw new UserError("prompt length " + m + " exceeds the language's maximum length " + language.maxWordLength());
    int k = language.vocabulary().alphabetSize();
    int[] symbols = language.vocabulary().symbolIds();
    double space = Math.pow(k, m);
    boolean enumerate = space <= ENUMERATE_UP_TO;
    List<int[]> candidates = new ArrayList<>();
    if (enumerate) {
      int[] digits = new int[m];
      for (long i = 0; i < (long) space; i++) {
        int[] w = new int[m];
        for (int p = 0; p < m; p++) w[p] = symbols[digits[p]];
        candidates.add(w);
        for (int p = m - 1; p >= 0; p--) {
          if (++digits[p] < k) break;
          digits[p] = 0;
        }
      }
    } else {
      SplittableRandom random = new SplittableRandom(seed);
      TreeSet<int[]> seen = new TreeSet<>(Arrays::compare);
      while (seen.size() < sampled) {
        int[] w = new int[m];
        for (int p = 0; p < m; p++) w[p] = symbols[random.nextInt(k)];
        seen.add(w);
      }
      candidates.addAll(seen);
    }

    PromptClassifier c = new PromptClassifier(language);
    List<String> ids = language.rules().stream().map(Rule::id).toList();
    List<LanguageSpec.OodSpec> oodSpecs = spec != null && spec.ood() != null ? spec.ood() : List.of();
    List<List<Prompt>> oodPrompts = new ArrayList<>();
    for (int i = 0; i < oodSpecs.size(); i++) oodPrompts.add(new ArrayList<>());
    List<Prompt> id = new ArrayList<>();
    List<Prompt> stuck = new ArrayList<>();
    int several = 0;
    int outside = 0;
    var vocab = language.vocabulary();
    for (int[] w : candidates) {
      Verdict v = c.classify(w);
      String text = vocab.decode(w);
      if (v.jointlyViable()) {
        int[] wit = c.witness(w);
        if (wit == null) throw new IllegalStateException("engine bug: '" + text + "' is jointly viable but has no completion");
        id.add(new Prompt(text, w, vocab.decode(wit)));
        continue;
      }
      int broken = v.broken();
      if (broken == 0) {
        stuck.add(new Prompt(text, w, null));
        continue;
      }
      if (broken > 1) several++;
      boolean inSet = false;
      for (int i = 0; i < oodSpecs.size(); i++) {
        var o = oodSpecs.get(i);
        if (v.viable()[ids.indexOf(o.breaks())]) continue;
        boolean checksHold = true;
        for (String r : o.checks() == null ? List.<String>of() : o.checks()) checksHold &= v.viable()[ids.indexOf(r)];
        if (checksHold) {
          oodPrompts.get(i).add(new Prompt(text, w, null));
          inSet = true;
        }
      }
      if (!inSet && broken == 1) outside++;
    }
    List<PromptSets.OodSet> ood = new ArrayList<>();
    for (int i = 0; i < oodSpecs.size(); i++) {
      var o = oodSpecs.get(i);
      ood.add(new PromptSets.OodSet(o.name(), o.breaks(), o.checks() == null ? List.of() : List.copyOf(o.checks()), List.copyOf(oodPrompts.get(i))));
    }
    return new PromptSets(language.name(), language.grammarHash(), m, language.maxWordLength(), enumerate, enumerate ? null : seed,
        candidates.size(), List.copyOf(id), List.copyOf(ood), List.copyOf(stuck), several, outside, c.engineNotes());
  }
}
