package org.rulex.grammar;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * One context-free rule, conjoined with any number of regular rules (their automata already
 * intersected into one): viability, next tokens and witnesses by an Earley chart per query
 * next to the automaton, counts and uniform sampling by the Bar-Hillel product. Polynomial in
 * the length at every step, whatever the grammar; exact.
 */
public final class ContextFreeEngine implements RuleEngine {
  private final BarHillel product;
  private final EarleyChart chart;
  private final boolean unbounded;
  private final boolean regularParts;

  ContextFreeEngine(GrammarRule contextFree, Dfa regular, boolean regularParts, boolean unbounded) {
    this.product = new BarHillel(contextFree, regular);
    this.chart = new EarleyChart(product);
    this.unbounded = unbounded;
    this.regularParts = regularParts;
  }

  public BarHillel product() {
    return product;
  }

  @Override
  public String method() {
    return regularParts
        ? "context-free x regular: Earley chart and Bar-Hillel product with an automaton of " + product.dfa().size() + " states (exact at every length)"
        : "context-free: Earley chart and derivation counts (exact at every length)";
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

  @Override
  public BigInteger count(int n) {
    return product.count(n);
  }

  @Override
  public boolean countsWords() {
    return false;
  }

  @Override
  public int[] sample(int n, SplittableRandom random) {
    return product.sample(n, random);
  }
}
