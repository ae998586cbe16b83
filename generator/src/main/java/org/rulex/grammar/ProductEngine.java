package org.rulex.grammar;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two or more context-free rules (and any regular ones): the intersection of context-free
 * languages is undecidable in general, so answers are bounded by the length budget. First the
 * exact product of the parsers ({@link Conjunction}) within a state limit; past the limit a
 * depth-first search over completions, one Earley chart per context-free part next to the
 * regular automaton, dropping a prefix as soon as some part's shortest completion no longer
 * fits the budget. That search is exact when it finishes; when it runs out of its node budget
 * the answer is recorded as undecided (reported as "not viable"), never silently guessed.
 */
public final class ProductEngine implements RuleEngine {
  /** Product states the exact engine may build. */
  public static final int DEFAULT_STATE_LIMIT = 400_000;
  /** Prefixes the bounded search may visit per question. */
  public static final int DEFAULT_SEARCH_BUDGET = 200_000;

  private final Conjunction exactProduct;
  private final List<GrammarRule> parts;
  private final ContextFreeEngine[] contextFree;
  private final Dfa regular;
  private final int[] symbols;
  private final int searchBudget;
  private final int stateLimit;
  private boolean overflowed;
  private long undecided;
  private long bounded;

  ProductEngine(List<GrammarRule> parts, List<GrammarRule> contextFreeParts, Dfa regular, Vocabulary vocabulary, int stateLimit, int searchBudget) {
    this.parts = List.copyOf(parts);
    this.exactProduct = new Conjunction(parts, vocabulary, stateLimit);
    this.regular = regular;
    this.contextFree = contextFreeParts.stream().map(g -> new ContextFreeEngine(g, regular, true, false)).toArray(ContextFreeEngine[]::new);
    this.symbols = vocabulary.symbolIds();
    this.searchBudget = searchBudget;
    this.stateLimit = stateLimit;
  }

  /** The exact product of the parsers, for callers that walk it state by state. */
  public Conjunction exactProduct() {
    return exactProduct;
  }

  /** The per-part engines (each context-free part with the regular automaton). */
  public List<ContextFreeEngine> parts() {
    return List.of(contextFree);
  }

  @Override
  public String method() {
    return overflowed
        ? "product of " + parts.size() + " rules: exact product past " + stateLimit + " states, then bounded search (" + searchBudget + " prefixes a question)"
        : "product of " + parts.size() + " rules: exact product of the parsers within the length budget";
  }

  @Override
  public boolean exact() {
    return undecided == 0;
  }

  @Override
  public String undecided() {
    if (undecided == 0 && bounded == 0) return "";
    return bounded + " question(s) answered by bounded search, " + undecided + " of them undecided within " + searchBudget + " prefixes (reported as not viable)";
  }

  @Override
  public boolean accepts(int[] word) {
    if (!overflowed) {
      try {
        return exactProduct.accepts(exactProduct.run(word));
      } catch (StateLimitException e) {
        overflowed = true;
      }
    }
    for (ContextFreeEngine e : contextFree) if (!e.accepts(word)) return false;
    return true;
  }

  @Override
  public boolean viable(int[] prefix, int budget) {
    if (!overflowed) {
      try {
        return exactProduct.viable(exactProduct.run(prefix), budget);
      } catch (StateLimitException e) {
        overflowed = true;
      }
    }
    return search(prefix, budget) != null;
  }

  @Override
  public int[] nextIds(int[] prefix, int budget) {
    if (!overflowed) {
      try {
        return exactProduct.nextIds(exactProduct.run(prefix), budget);
      } catch (StateLimitException e) {
        overflowed = true;
      }
    }
    List<Integer> out = new ArrayList<>();
    if (accepts(prefix)) out.add(Vocabulary.EOS);
    if (budget >= 1)
      for (int id : symbols) {
        int[] longer = Arrays.copyOf(prefix, prefix.length + 1);
        longer[prefix.length] = id;
        if (search(longer, budget - 1) != null) out.add(id);
      }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @Override
  public int[] witness(int[] prefix, int budget) {
    return search(prefix, budget);
  }

  /**
   * Iterative deepening over completion lengths 0..budget, depth first within each, pruned by
   * every part's shortest completion: the first hit is the shortest completion with the smallest
   * ids. Null when none exists, or when the node budget ran out (counted as undecided).
   */
  private int[] search(int[] prefix, int budget) {
    bounded++;
    for (ContextFreeEngine e : contextFree) if (!e.viable(prefix, budget)) return null;
    long[] nodes = {0};
    for (int extra = 0; extra <= budget; extra++) {
      int[] word = Arrays.copyOf(prefix, prefix.length + extra);
      Boolean found = extend(word, prefix.length, nodes);
      if (found == null) {
        undecided++;
        return null;
      }
      if (found) return word;
    }
    return null;
  }

  /** True: word is filled with a member; false: no member from here; null: out of nodes. */
  private Boolean extend(int[] word, int pos, long[] nodes) {
    if (++nodes[0] > searchBudget) return null;
    int[] prefix = Arrays.copyOf(word, pos);
    if (regular.run(prefix) == Dfa.DEAD) return false;
    for (ContextFreeEngine e : contextFree) if (!e.viable(prefix, word.length - pos)) return false;
    if (pos == word.length) {
      for (ContextFreeEngine e : contextFree) if (!e.accepts(prefix)) return false;
      return true;
    }
    for (int id : symbols) {
      word[pos] = id;
      Boolean r = extend(word, pos + 1, nodes);
      if (r == null || r) return r;
    }
    return false;
  }

  @Override
  public BigInteger count(int n) {
    try {
      return exactProduct.count(n);
    } catch (StateLimitException e) {
      overflowed = true;
      throw e;
    }
  }


  @Override
  public int[] sample(int n, SplittableRandom random) {
    try {
      return exactProduct.sample(n, random);
    } catch (StateLimitException e) {
      overflowed = true;
      throw e;
    }
  }
}
