package org.rulex.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.rulex.grammar.Conjunction;
import org.rulex.grammar.Language;
import org.rulex.grammar.Rule;
import org.rulex.grammar.StateLimitException;

/**
 * Chance levels computed from rulex's own prompt sets and decoding budget: the probability that
 * a uniform next-token sampler (every alphabet symbol and EOS equally likely at every step)
 * satisfies each scored rule, under both denominators. The scored quantities are exactly the
 * {@link Scorer}'s: a checked rule on prompt + completion, the broken rule on the completion
 * alone, membership in the language, and whether EOS came within the budget.
 *
 * <p>Exact by a forward dynamic programme over the rule's product automaton: the probability
 * mass on each automaton state after g generated symbols, collecting mass x P(EOS) on accepting
 * states. Prompts that reach the same automaton state share one programme. When a rule's
 * automaton outgrows {@link #STATE_LIMIT}, a seeded Monte Carlo estimate with a 95% interval
 * replaces it, labelled as such. One instance remembers what it computed for a prompt list (by
 * identity) and budget; not thread-safe.
 */
public final class UniformChance {
  /** One chance level, both denominators; low/high equal the value when exact. */
  public record Level(double overAllPrompts, double overFinishedOnly, String method, double low, double high) {}

  /** The keys a prompt set's chance levels use besides its checked rule ids. */
  public static final String FINISHED = "finished";
  public static final String IN_LANGUAGE = "in-language";
  public static final String BROKEN_ON_COMPLETION = "broken-on-completion";

  static final int STATE_LIMIT = 200_000;
  static final int MONTE_CARLO_DRAWS = 50_000;

  private final Language language;

  public UniformChance(Language language) {
    this.language = language;
  }

  /**
   * The chance level of every quantity the scorer reports for one prompt set.
   *
   * @param budget new-token budget (EOS included) as a function of the prompt length
   */
  public Map<String, Level> of(PromptSetRules set, List<int[]> prompts, IntUnaryOperator budget, long seed) {
    // The same prompt list (by identity) with the same budget gives the same levels: compute
    // once when several models or decodings are scored on it.
    Map<Key, Map<String, Level>> bySet = computed.computeIfAbsent(prompts, k -> new HashMap<>());
    return bySet.computeIfAbsent(new Key(set.name(), budget, seed), k -> compute(set, prompts, budget, seed));
  }

  /** A budget function is the same budget only as the same object (lambdas compare by identity). */
  private record Key(String set, IntUnaryOperator budget, long seed) {}

  private final Map<List<int[]>, Map<Key, Map<String, Level>>> computed = new java.util.IdentityHashMap<>();

  private Map<String, Level> compute(PromptSetRules set, List<int[]> prompts, IntUnaryOperator budget, long seed) {
    Map<String, Level> out = new LinkedHashMap<>();
    if (prompts.isEmpty()) return out;
    int symbols = language.vocabulary().symbolIds().length;
    double finished = 0;
    for (int[] p : prompts) finished += finishProbability(symbols, budget.applyAsInt(p.length));
    finished /= prompts.size();
    for (String id : set.checked()) out.put(id, level(rule(id), prompts, budget, false, finished, seed));
    if (set.broken() != null) out.put(BROKEN_ON_COMPLETION, level(rule(set.broken()), prompts, budget, true, finished, seed));
    out.put(IN_LANGUAGE, level(language.language(), prompts, budget, false, finished, seed));
    out.put(FINISHED, new Level(finished, 1.0, "exact", finished, finished));
    return out;
  }

  /** P(EOS within the budget) = 1 - (A / (A + 1))^budget for A symbols. */
  static double finishProbability(int symbols, int budget) {
    return 1 - Math.pow(symbols / (symbols + 1.0), budget);
  }

  private Level level(Rule rule, List<int[]> prompts, IntUnaryOperator budget, boolean completionOnly, double finished, long seed) {
    try {
      double total = exact(rule, prompts, budget, completionOnly);
      double mean = total / prompts.size();
      return new Level(mean, mean / finished, "exact", mean, mean);
    } catch (StateLimitException e) {
      return monteCarlo(rule, prompts, budget, completionOnly, finished, seed);
    }
  }

  /** Sum over prompts of P(finished and the rule holds). */
  private double exact(Rule rule, List<int[]> prompts, IntUnaryOperator budget, boolean completionOnly) {
    Conjunction automaton = new Conjunction(rule.parts(), rule.vocabulary(), STATE_LIMIT);
    int[] alphabet = rule.vocabulary().symbolIds();
    Map<Long, Double> memo = new HashMap<>();
    double total = 0;
    for (int[] p : prompts) {
      int start = completionOnly ? automaton.initial() : automaton.run(p);
      int b = budget.applyAsInt(p.length);
      if (start == Conjunction.DEAD) continue;
      long key = ((long) start << 20) | b;
      Double v = memo.get(key);
      if (v == null) {
        v = forward(automaton, alphabet, start, b);
        memo.put(key, v);
      }
      total += v;
    }
    return total;
  }

  /** P(the sampler stops on an accepting state within budget steps), starting from state. */
  static double forward(Conjunction automaton, int[] alphabet, int start, int budget) {
    double p = 1.0 / (alphabet.length + 1);
    Map<Integer, Double> mass = new HashMap<>();
    mass.put(start, 1.0);
    double success = 0;
    for (int g = 0; g < budget && !mass.isEmpty(); g++) {
      Map<Integer, Double> next = new HashMap<>();
      for (Map.Entry<Integer, Double> e : mass.entrySet()) {
        int q = e.getKey();
        double m = e.getValue();
        if (automaton.accepts(q)) success += m * p; // EOS drawn at step g
        if (g + 1 == budget) continue; // a symbol drawn at the last step leaves the completion unfinished
        for (int x : alphabet) {
          int to = automaton.step(q, x);
          if (to != Conjunction.DEAD) next.merge(to, m * p, Double::sum);
        }
      }
      mass = next;
    }
    return success;
  }

  /** Uniform completions drawn with the seed and checked by the rule's parsers. */
  private Level monteCarlo(Rule rule, List<int[]> prompts, IntUnaryOperator budget, boolean completionOnly, double finished, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    int[] alphabet = rule.vocabulary().symbolIds();
    long hits = 0;
    for (int i = 0; i < MONTE_CARLO_DRAWS; i++) {
      int[] prompt = prompts.get(i % prompts.size());
      int b = budget.applyAsInt(prompt.length);
      List<Integer> completion = new ArrayList<>();
      boolean ended = false;
      for (int g = 0; g < b; g++) {
        int draw = random.nextInt(alphabet.length + 1);
        if (draw == alphabet.length) {
          ended = true;
          break;
        }
        completion.add(alphabet[draw]);
      }
      if (!ended) continue;
      int[] c = completion.stream().mapToInt(Integer::intValue).toArray();
      int[] word = completionOnly ? c : concat(prompt, c);
      if (rule.accepts(word)) hits++;
    }
    Rate r = Rate.of(hits, MONTE_CARLO_DRAWS);
    return new Level(r.rate(), r.rate() / finished, "monte-carlo (" + MONTE_CARLO_DRAWS + " draws)", r.low(), r.high());
  }

  private static int[] concat(int[] a, int[] b) {
    int[] w = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, w, a.length, b.length);
    return w;
  }

  private Rule rule(String id) {
    return language.rule(id).orElseThrow(() -> new IllegalArgumentException("language " + language.name() + " has no rule " + id));
  }
}
