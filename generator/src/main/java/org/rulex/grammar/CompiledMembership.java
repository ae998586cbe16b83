package org.rulex.grammar;

import java.util.List;

/**
 * Membership of one rule by its compiled engines: the regular parts' minimal automaton, then an
 * Earley chart per context-free part (polynomial whatever the grammar, where ANTLR's adaptive
 * prediction can take milliseconds a word on palindromes). What the samplers verify every word
 * with; ANTLR's interpreter ({@link Rule#accepts}) stays the independent check in the tests.
 * Not thread-safe: one instance per user.
 */
public final class CompiledMembership {
  private final Dfa regular;
  private final EarleyChart[] charts;

  CompiledMembership(Rule.Shape shape, int[] symbols) {
    this.regular = shape.regular();
    Dfa any = Dfa.universal(symbols);
    List<GrammarRule> cf = shape.contextFree();
    this.charts = cf.stream().map(g -> new EarleyChart(new BarHillel(g, any))).toArray(EarleyChart[]::new);
  }

  public boolean accepts(int[] word) {
    if (!regular.accepts(word)) return false;
    for (EarleyChart c : charts) if (c.moveTo(word) < word.length || !c.accepts()) return false;
    return true;
  }
}
