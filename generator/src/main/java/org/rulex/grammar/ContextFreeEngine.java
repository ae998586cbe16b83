package org.rulex.grammar;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * One context-free rule, conjoined with any number of regular rules (their automata already
 * intersected into one): viability, next tokens and witnesses by an Earley chart per query
 * next to the automaton, exact and polynomial whatever the grammar.
 *
 * <p>Counts and uniform sampling depend on whether the rule is shown unambiguous
 * ({@link GrammarRule#unambiguity()}): if it is, by the Bar-Hillel product's derivation paths,
 * which are then words (polynomial at every length). If it is not, a path count could exceed the
 * word count, so words are counted one by one instead: paths through the deterministic parse
 * states ({@link Conjunction}: interned Earley item sets, next to the automaton), where equal
 * states have equal completions, so each word is one path and a uniform path a uniform word.
 * That automaton can grow exponentially with the length; past its state limit a count or a
 * sample is refused ({@link StateLimitException}), never replaced by a path count.
 */
public final class ContextFreeEngine implements RuleEngine {
  /** Parse states the word-by-word count of a rule not shown unambiguous may build. */
  public static final int DEFAULT_WORD_STATE_LIMIT = 400_000;

  private final GrammarRule contextFree;
  private final BarHillel product;
  private final EarleyChart chart;
  private final boolean unbounded;
  private final boolean regularParts;
  private final Unambiguity.Verdict verdict;
  private final int wordStateLimit;
  /** Words one by one, built on first use when the rule is not shown unambiguous. */
  private Conjunction words;
  /** The first length whose count or sample needed more than the state limit (MAX_VALUE: none yet). */
  private int refusedAt = Integer.MAX_VALUE;

  ContextFreeEngine(GrammarRule contextFree, Dfa regular, boolean regularParts, boolean unbounded) {
    this(contextFree, regular, regularParts, unbounded, DEFAULT_WORD_STATE_LIMIT);
  }

  ContextFreeEngine(GrammarRule contextFree, Dfa regular, boolean regularParts, boolean unbounded, int wordStateLimit) {
    this.contextFree = contextFree;
    this.product = new BarHillel(contextFree, regular);
    this.chart = new EarleyChart(product);
    this.unbounded = unbounded;
    this.regularParts = regularParts;
    this.verdict = contextFree.unambiguity();
    this.wordStateLimit = wordStateLimit;
  }

  public BarHillel product() {
    return product;
  }

  /** Whether counts and samples go by derivation paths (the rule is shown unambiguous) rather than word by word. */
  public boolean countsByDerivations() {
    return verdict.proven();
  }

  @Override
  public String method() {
    String with = regularParts ? " x regular (automaton of " + product.dfa().size() + " states)" : "";
    if (verdict.proven())
      return "context-free" + with + ": Earley chart; counts by derivations (" + (regularParts ? "Bar-Hillel product" : "path counts")
          + "), the rule shown unambiguous: " + verdict.reason() + " (exact at every length)";
    return "context-free" + with + ": Earley chart; counts word by word through the deterministic parse states (exact within "
        + wordStateLimit + " states), the rule not shown unambiguous: " + verdict.reason();
  }

  @Override
  public String undecided() {
    if (refusedAt == Integer.MAX_VALUE) return "";
    return "no count or sample from length " + refusedAt + " on: counting rule " + contextFree.name() + "'s words one by one needs more than "
        + wordStateLimit + " parse states, and it is not shown unambiguous, so derivations cannot stand in for words";
  }

  @Override
  public boolean accepts(int[] word) {
    return chart.moveTo(word) == word.length && chart.accepts();
  }

  @Override
  public boolean viable(int[] prefix, int budget) {
    if (chart.moveTo(prefix) < prefix.length) return false;
    return chart.shortestCompletion() <= (unbounded ? BarHillel.NEVER - 1 : budget);
  }

  @Override
  public int[] nextIds(int[] prefix, int budget) {
    if (chart.moveTo(prefix) < prefix.length) return new int[0];
    if (unbounded) return chart.nextIds(budget >= 1 ? BarHillel.NEVER - 1 : 0);
    return chart.nextIds(budget);
  }

  @Override
  public int[] witness(int[] prefix, int budget) {
    if (chart.moveTo(prefix) < prefix.length) return null;
    return chart.witness(budget);
  }

  private Conjunction words() {
    if (words == null) words = Conjunction.words(contextFree, product.dfa(), wordStateLimit);
    return words;
  }

  @Override
  public BigInteger count(int n) {
    if (verdict.proven()) return product.count(n);
    if (n >= refusedAt) throw new StateLimitException(contextFree.name() + " (counted word by word)", wordStateLimit);
    try {
      return words().count(n);
    } catch (StateLimitException e) {
      refusedAt = Math.min(refusedAt, n);
      throw e;
    }
  }


  @Override
  public int[] sample(int n, SplittableRandom random) {
    if (verdict.proven()) return product.sample(n, random);
    count(n);
    return words().sample(n, random);
  }
}
