package org.rulex.grammar;

import java.util.List;

/**
 * Membership of a conjunction of grammar rules by compiled engines, one per part: a regular
 * part by its minimal automaton; a context-free part by its lazily determinised Earley
 * automaton ({@link ParseStates}: one table lookup a token once a state is built) while that
 * stays within a state limit and its states recur, else by an Earley chart ({@link EarleyChart}: polynomial whatever
 * the grammar, where ANTLR's adaptive prediction can take milliseconds a word on palindromes).
 * What the samplers verify every word with; ANTLR's interpreter ({@link Rule#accepts}) stays the
 * independent check in the tests. Not thread-safe: one instance per user.
 */
public final class CompiledMembership {
  /** Determinised Earley states a context-free part may keep before it switches to a chart per word. */
  public static final int STATE_LIMIT = 100_000;
  /** Tokens per window in which a determinised part shows whether its states recur. */
  static final int WINDOW = 20_000;

  private final List<GrammarRule> parts;
  private final Dfa[] automata;
  private final ParseStates[] determinised;
  private final EarleyChart[] charts;
  private final long[] tokensRead;
  private final int[] windowTokens;
  private final int[] windowStartSize;
  private final int[] windows;
  private final Dfa any;

  public CompiledMembership(List<GrammarRule> parts, int[] symbols) {
    this.parts = List.copyOf(parts);
    this.any = Dfa.universal(symbols);
    this.automata = new Dfa[parts.size()];
    this.determinised = new ParseStates[parts.size()];
    this.charts = new EarleyChart[parts.size()];
    this.tokensRead = new long[parts.size()];
    this.windowTokens = new int[parts.size()];
    this.windowStartSize = new int[parts.size()];
    this.windows = new int[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      automata[i] = RegularRuleCompiler.compile(parts.get(i), symbols).orElse(null);
      if (automata[i] == null) determinised[i] = new ParseStates(parts.get(i), STATE_LIMIT);
    }
  }

  public List<GrammarRule> parts() {
    return parts;
  }

  /** What checks part i now, in words: "automaton", "determinised Earley states" or "Earley chart". */
  public String method(int i) {
    return automata[i] != null ? "automaton" : determinised[i] != null ? "determinised Earley states" : "Earley chart";
  }

  /** Whether every part accepts the word. */
  public boolean accepts(int[] word) {
    for (int i = 0; i < parts.size(); i++) if (!accepts(i, word)) return false;
    return true;
  }

  /** Whether part i accepts the word. */
  public boolean accepts(int i, int[] word) {
    if (automata[i] != null) return automata[i].accepts(word);
    if (determinised[i] != null) {
      try {
        ParseStates p = determinised[i];
        tokensRead[i] += word.length;
        boolean member = p.accepts(p.run(word));
        if ((windowTokens[i] += word.length) >= WINDOW) {
          // Past the first window (every table starts cold), when most tokens of a window still made a new
          // state, states do not recur (palindromes): a chart per word costs less than building states
          // nobody meets again.
          if (windows[i]++ > 0 && 2L * (p.size() - windowStartSize[i]) > windowTokens[i]) determinised[i] = null;
          windowTokens[i] = 0;
          windowStartSize[i] = p.size();
        }
        return member;
      } catch (StateLimitException e) {
        // Too many distinct parse stacks. When at least one token in twenty still met a known state
        // (shallow stacks recur, as in Dyck words), start a fresh table; when nearly every token
        // made a new one (palindromes), a chart per word from now on.
        boolean reused = tokensRead[i] > STATE_LIMIT + STATE_LIMIT / 20;
        tokensRead[i] = 0;
        windowTokens[i] = 0;
        windowStartSize[i] = 0;
        windows[i] = 0;
        determinised[i] = reused ? new ParseStates(parts.get(i), STATE_LIMIT) : null;
        return accepts(i, word);
      }
    }
    if (charts[i] == null) charts[i] = new EarleyChart(new BarHillel(parts.get(i), any));
    return charts[i].moveTo(word) == word.length && charts[i].accepts();
  }
}
