package org.rulex.grammar;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The exact product of several rules' parse-state automata: a word is accepted when every
 * part accepts it. Its states are tuples of {@link ParseStates} ids, interned, so equal ids
 * have equal futures. That makes three exact questions answerable for any conjunction of
 * grammar rules, within a length bound (for two context-free grammars the unbounded question
 * is undecidable): can this prefix still be completed, which tokens keep it completable, and
 * how many words of each length are there (distinct words, whatever the grammars' ambiguity).
 * Not thread-safe: one instance per user.
 */
public final class Conjunction implements PrefixStates {
  private static final int UNKNOWN = -2;

  private final ParseStates[] parts;
  private final int[] alphabet;
  private final List<int[]> tuples = new ArrayList<>();
  private final Map<ArrayKey, Integer> ids = new HashMap<>();
  /** stepTable.get(state)[id]: the next state, UNKNOWN until computed (arrays: sampling steps at every token). */
  private final List<int[]> stepTable = new ArrayList<>();
  /** shortest[id]: length of the shortest completion, known exactly up to searchedTo[id]. */
  private final Map<Integer, int[]> distance = new HashMap<>();
  /** countTable.get(state)[length]: completions, null until computed. */
  private final List<BigInteger[]> countTable = new ArrayList<>();
  private final int initial;
  private final int stateLimit;
  /** The regular parts as one automaton (null: every part is a parser); its state is the tuple's last entry. */
  private final Dfa regular;
  /** Per parser part, its Bar-Hillel product with the regular automaton (or with any word): shortest completions for pruning. */
  private final BarHillel[] bounds;
  /** lowerBound[id]: no completion of the state is shorter (max over the parts' shortest completions). */
  private final Map<Integer, Integer> lowerBound = new HashMap<>();
  /** candidates(id), computed once a state: sampling asks for them at every token. */
  private final List<int[]> candidateCache = new ArrayList<>();

  public Conjunction(List<GrammarRule> rules, Vocabulary vocabulary) {
    this(rules, vocabulary, 2_000_000);
  }

  /**
   * With several parts, the regular ones (no recursion) run as one minimal automaton, and a
   * state is dropped as soon as some parser part's shortest completion (with the automaton)
   * no longer fits the length asked for: exact, and far fewer states at long lengths.
   */
  public Conjunction(List<GrammarRule> rules, Vocabulary vocabulary, int stateLimit) {
    this(split(rules, vocabulary.symbolIds()), vocabulary.symbolIds(), stateLimit);
  }

  /**
   * One context-free rule and an automaton (the rule's regular parts intersected, or every word):
   * distinct words, whatever the rule's ambiguity, with the product's shortest completions
   * dropping the states that cannot finish in the length asked for.
   */
  Conjunction(GrammarRule contextFree, Dfa regular, int[] alphabet, int stateLimit) {
    this(new Split(List.of(contextFree), regular), alphabet, stateLimit);
  }

  /** The words of one context-free rule that an automaton (its regular parts, or every word) accepts, counted one by one. */
  public static Conjunction words(GrammarRule contextFree, Dfa regular, int stateLimit) {
    return new Conjunction(contextFree, regular, regular.symbols(), stateLimit);
  }

  /** The parser parts and the regular ones as one automaton (null: a single rule, run as it is). */
  private record Split(List<GrammarRule> parsers, Dfa regular) {}

  private static Split split(List<GrammarRule> rules, int[] alphabet) {
    if (rules.isEmpty()) throw new IllegalArgumentException("a conjunction needs at least one rule");
    if (rules.size() == 1) return new Split(List.copyOf(rules), null);
    List<GrammarRule> parsers = new ArrayList<>();
    Dfa reg = Dfa.universal(alphabet);
    for (GrammarRule g : rules) {
      var d = RegularRuleCompiler.compile(g, alphabet);
      if (d.isPresent()) reg = reg.intersect(d.get());
      else parsers.add(g);
    }
    return new Split(parsers, reg);
  }

  private Conjunction(Split split, int[] alphabet, int stateLimit) {
    this.alphabet = alphabet;
    List<GrammarRule> parsers = split.parsers();
    Dfa reg = split.regular();
    this.regular = reg;
    this.parts = parsers.stream().map(r -> new ParseStates(r, stateLimit)).toArray(ParseStates[]::new);
    Dfa boundAutomaton = regular != null ? regular : Dfa.universal(alphabet);
    this.bounds = parsers.stream().map(g -> new BarHillel(g, boundAutomaton)).toArray(BarHillel[]::new);
    this.stateLimit = stateLimit;
    int width = parts.length + (regular == null ? 0 : 1);
    int[] dead = new int[width];
    tuples.add(dead);
    ids.put(ArrayKey.of(dead), DEAD);
    int[] start = new int[width];
    for (int i = 0; i < parts.length; i++) start[i] = parts[i].initial();
    if (regular != null) start[parts.length] = regular.start() + 1; // + 1: the all-zero tuple is DEAD
    this.initial = regular != null && regular.start() == Dfa.DEAD ? DEAD : intern(start);
  }

  /** No completion of the state has fewer tokens than this (0 without pruning). */
  private int lowerBound(int state) {
    if (state == DEAD) return 0;
    Integer known = lowerBound.get(state);
    if (known != null) return known;
    int[] t = tuples.get(state);
    int q = regular == null ? 0 : t[parts.length] - 1;
    int b = regular == null ? 0 : regular.distance()[q];
    for (int i = 0; i < parts.length; i++) b = Math.max(b, parts[i].shortestCompletion(t[i], q, bounds[i]));
    lowerBound.put(state, b);
    return b;
  }

  @Override
  public int initial() {
    return initial;
  }

  /** Number of product states built so far. */
  public int size() {
    return tuples.size();
  }

  @Override
  public int step(int state, int id) {
    if (state == DEAD) return DEAD;
    while (stepTable.size() <= state) stepTable.add(null);
    int[] row = stepTable.get(state);
    if (row == null) {
      row = new int[Arrays.stream(alphabet).max().orElse(0) + 1];
      Arrays.fill(row, UNKNOWN);
      stepTable.set(state, row);
    }
    if (id < 0 || id >= row.length) return DEAD;
    if (row[id] != UNKNOWN) return row[id];
    int[] from = tuples.get(state);
    int[] to = new int[from.length];
    int result = DEAD;
    boolean dead = false;
    if (regular != null) {
      to[parts.length] = regular.step(from[parts.length] - 1, id) + 1;
      dead = to[parts.length] == Dfa.DEAD + 1;
    }
    for (int i = 0; i < parts.length && !dead; i++) {
      to[i] = parts[i].step(from[i], id);
      dead = to[i] == ParseStates.DEAD;
    }
    if (!dead) result = intern(to);
    row[id] = result;
    return result;
  }

  @Override
  public boolean accepts(int state) {
    if (state == DEAD) return false;
    int[] t = tuples.get(state);
    if (regular != null && !regular.accepting()[t[parts.length] - 1]) return false;
    for (int i = 0; i < parts.length; i++) if (!parts[i].accepts(t[i])) return false;
    return true;
  }

  /**
   * Whether some completion of at most {@code budget} more tokens is accepted by every part.
   * With one part, no bound is needed: a live Earley state is always completable.
   */
  public boolean viable(int state, int budget) {
    if (state == DEAD) return false;
    if (parts.length == 1 && regular == null) return true;
    if (lowerBound(state) > budget) return false;
    return shortestCompletion(state, budget) <= budget;
  }

  /** Vocabulary ids (EOS for "may end here") after which the prefix stays completable within the budget. */
  public int[] nextIds(int state, int budget) {
    if (state == DEAD) return new int[0];
    List<Integer> out = new ArrayList<>();
    for (int id : candidates(state)) {
      if (id == Vocabulary.EOS) {
        if (accepts(state)) out.add(id);
      } else if (budget >= 1 && viable(step(state, id), budget - 1)) {
        out.add(id);
      }
    }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** Ids every part allows next (a necessary condition), EOS included. */
  private int[] candidates(int state) {
    while (candidateCache.size() <= state) candidateCache.add(null);
    int[] known = candidateCache.get(state);
    if (known == null) {
      known = computeCandidates(state);
      candidateCache.set(state, known);
    }
    return known;
  }

  private int[] computeCandidates(int state) {
    int[] t = tuples.get(state);
    int[] common;
    if (parts.length > 0) {
      common = parts[0].nextIds(t[0]);
    } else {
      common = Arrays.copyOf(alphabet, alphabet.length + 1);
      common[alphabet.length] = Vocabulary.EOS;
      Arrays.sort(common);
    }
    if (regular != null) {
      int q = t[parts.length] - 1;
      common = Arrays.stream(common).filter(x -> x == Vocabulary.EOS ? regular.accepting()[q] : regular.step(q, x) != Dfa.DEAD).toArray();
    }
    for (int i = 1; i < parts.length && common.length > 0; i++) {
      int[] other = parts[i].nextIds(t[i]);
      common = Arrays.stream(common).filter(x -> Arrays.binarySearch(other, x) >= 0).toArray();
    }
    return common;
  }

  /**
   * Length of the shortest accepted completion, found by breadth-first search up to
   * {@code budget}; budget + 1 when there is none within it.
   */
  private int shortestCompletion(int state, int budget) {
    int[] known = distance.get(state);
    if (known != null && (known[0] <= known[1] || known[1] >= budget)) return known[0];
    Map<Integer, Integer> seen = new HashMap<>();
    ArrayDeque<Integer> frontier = new ArrayDeque<>();
    seen.put(state, 0);
    frontier.add(state);
    int found = budget + 1;
    while (!frontier.isEmpty()) {
      int s = frontier.poll();
      int d = seen.get(s);
      if (accepts(s)) {
        found = d;
        break;
      }
      if (d >= budget) continue;
      for (int id : candidates(s)) {
        if (id == Vocabulary.EOS) continue;
        int n = step(s, id);
        if (n != DEAD && !seen.containsKey(n) && lowerBound(n) <= budget - d - 1) {
          seen.put(n, d + 1);
          frontier.add(n);
        }
      }
    }
    distance.put(state, new int[] {found, budget});
    return found;
  }

  /** Number of distinct words of exactly {@code length} more tokens that complete the state. */
  public BigInteger completions(int state, int length) {
    if (state == DEAD) return BigInteger.ZERO;
    if (length == 0) return accepts(state) ? BigInteger.ONE : BigInteger.ZERO;
    if (lowerBound(state) > length) return BigInteger.ZERO;
    while (countTable.size() <= state) countTable.add(null);
    BigInteger[] row = countTable.get(state);
    if (row == null || row.length <= length) {
      row = row == null ? new BigInteger[length + 1] : Arrays.copyOf(row, Math.max(length + 1, row.length * 2));
      countTable.set(state, row);
    }
    if (row[length] != null) return row[length];
    BigInteger c = BigInteger.ZERO;
    for (int id : candidates(state)) if (id != Vocabulary.EOS) c = c.add(completions(step(state, id), length - 1));
    countTable.get(state)[length] = c;
    return c;
  }

  /** Number of distinct words of the conjunction with exactly n tokens. */
  public BigInteger count(int n) {
    for (int m = 0; m < n; m++) completions(initial, m); // fill shallow levels first: keeps recursion short
    return completions(initial, n);
  }

  /**
   * A word of length n drawn uniformly from the conjunction's members: one uniform rank below
   * the count, then the word of that rank in id order (one random number a word, not one a token).
   */
  public int[] sample(int n, SplittableRandom random) {
    BigInteger total = count(n);
    if (total.signum() == 0) throw new IllegalArgumentException("no word of length " + n);
    BigInteger pick = PathCounts.uniformBelow(total, random);
    int[] out = new int[n];
    int s = initial;
    for (int pos = 0; pos < n; pos++) {
      for (int id : candidates(s)) {
        if (id == Vocabulary.EOS) continue;
        int next = step(s, id);
        BigInteger c = completions(next, n - pos - 1);
        if (pick.compareTo(c) < 0) {
          out[pos] = id;
          s = next;
          break;
        }
        pick = pick.subtract(c);
      }
    }
    return out;
  }

  private int intern(int[] t) {
    ArrayKey key = ArrayKey.of(t);
    Integer id = ids.get(key);
    if (id != null) return id;
    if (tuples.size() >= stateLimit) throw new StateLimitException("a conjunction of " + parts.length + " rules", stateLimit);
    id = tuples.size();
    tuples.add(t);
    ids.put(key, id);
    return id;
  }
}
