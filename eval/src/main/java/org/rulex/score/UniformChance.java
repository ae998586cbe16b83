package org.rulex.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.math.BigInteger;
import org.rulex.LogCount;
import org.rulex.grammar.BarHillel;
import org.rulex.grammar.Conjunction;
import org.rulex.grammar.Dfa;
import org.rulex.grammar.GrammarRule;
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
 * <p>Exact by counting where the rule allows it: with at most one context-free part, the words of
 * the rule that start with a prompt are counted per length in one product (automata, or the
 * Bar-Hillel product with the grammar), and P(success) = sum over k of (1 / (A + 1))^(k + 1)
 * times the words of length m + k. With several context-free parts, a forward dynamic programme
 * over the rule's product automaton (probability mass per state, collecting mass x P(EOS) on
 * accepting states); when that automaton outgrows {@link #STATE_LIMIT}, a seeded Monte Carlo
 * estimate with a 95% interval replaces it, labelled as such. One instance remembers what it computed for a prompt list (by
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
    Rule.Shape shape = rule.shape();
    if (shape.contextFree().size() <= 1 && (shape.contextFree().isEmpty() || unambiguous(rule, shape.contextFree().get(0)))) {
      double mean = byCounting(rule, shape, prompts, budget, completionOnly) / prompts.size();
      return new Level(mean, mean / finished, shape.contextFree().isEmpty() ? "exact" : EXACT_BY_DERIVATIONS, mean, mean);
    }
    try {
      double total = exact(rule, prompts, budget, completionOnly);
      double mean = total / prompts.size();
      return new Level(mean, mean / finished, "exact", mean, mean);
    } catch (StateLimitException e) {
      return monteCarlo(rule, prompts, budget, completionOnly, finished, seed);
    }
  }

  /** The label of a level counted by derivations of a context-free grammar checked unambiguous on short words. */
  static final int UNAMBIGUOUS_UP_TO = 10;
  static final String EXACT_BY_DERIVATIONS = "exact (derivation counts; the grammar is unambiguous up to length " + UNAMBIGUOUS_UP_TO + ")";

  /**
   * Sum over prompts of P(finished and the rule holds), by counting: the prompts (all of one
   * length m) are the regular language "starts with a prompt", and the words of the rule in it of
   * length m + k, times P(k symbols then EOS) = (1 / (A + 1))^(k + 1), summed over k below the
   * budget. One product of automata (regular rule) or one Bar-Hillel product (one context-free
   * part) for the whole prompt set.
   */
  private static double byCounting(Rule rule, Rule.Shape shape, List<int[]> prompts, IntUnaryOperator budget, boolean completionOnly) {
    int[] alphabet = rule.vocabulary().symbolIds();
    int promptLength = prompts.get(0).length;
    int b = budget.applyAsInt(promptLength);
    int m = completionOnly ? 0 : promptLength;
    Dfa starts = Dfa.startingWith(completionOnly ? List.of(new int[0]) : prompts, alphabet);
    Dfa regular = shape.regular().intersect(starts);
    BigInteger[] counts;
    if (shape.contextFree().isEmpty()) {
      counts = regular.counts(m + b - 1);
    } else {
      BarHillel product = new BarHillel(shape.contextFree().get(0), regular);
      counts = new BigInteger[m + b];
      for (int n = 0; n < m + b; n++) counts[n] = n < m ? BigInteger.ZERO : product.count(n);
    }
    double logQ = -Math.log(alphabet.length + 1);
    double sum = 0;
    for (int k = 0; k < b; k++) {
      BigInteger c = counts[m + k];
      if (c.signum() > 0) sum += Math.exp((k + 1) * logQ + LogCount.of(c));
    }
    return completionOnly ? sum * prompts.size() : sum;
  }

  /**
   * Whether derivation counts of the grammar rule are word counts on every length up to
   * {@link #UNAMBIGUOUS_UP_TO}: compared with the distinct words of its exact automaton.
   */
  private static boolean unambiguous(Rule rule, GrammarRule contextFree) {
    BarHillel paths = new BarHillel(contextFree, Dfa.universal(rule.vocabulary().symbolIds()));
    Conjunction words = new Conjunction(List.of(contextFree), rule.vocabulary(), STATE_LIMIT);
    try {
      for (int n = 0; n <= UNAMBIGUOUS_UP_TO; n++) if (!paths.count(n).equals(words.count(n))) return false;
      return true;
    } catch (StateLimitException e) {
      return false;
    }
  }

  /** Sum over prompts of P(finished and the rule holds), by the forward programme over the product automaton. */
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
