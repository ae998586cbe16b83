package org.rulex.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleTransition;

/**
 * An Earley chart over one context-free rule's ATN for one prefix at a time, next to the state of
 * a regular rule's automaton. Unlike {@link ParseStates} it never interns item sets, so its size
 * is polynomial in the prefix length whatever the grammar (palindromes, several bracket kinds).
 * A prefix is extended and shortened token by token, so questions about many prefixes that
 * share a beginning (prompts in lexicographic order) reuse the common part.
 *
 * <p>The shortest completion of the prefix that both the rule and the automaton accept comes
 * from the chart's items and the product's shortest paths ({@link BarHillel}): an item needs
 * the shortest path to its rule's end, then the shortest way on from where its rule was
 * called, up to the top-level instance. That makes viability within a length budget, next
 * tokens and witnesses exact. Not thread-safe.
 */
public final class EarleyChart {
  private static final int TOP = -1;

  private final GrammarRule rule;
  private final ATN atn;
  private final BarHillel product;
  private final Dfa dfa;
  private final List<long[]> sets = new ArrayList<>();
  private final List<Boolean> topDone = new ArrayList<>();
  private final List<Integer> dfaState = new ArrayList<>();
  private final List<Integer> tokens = new ArrayList<>();
  private final Map<Long, int[]> itemMemo = new HashMap<>();
  private final Map<Long, int[]> callerMemo = new HashMap<>();
  private final Set<Long> inProgress = new HashSet<>();
  /** The set being closed (reused from token to token). */
  private final EarleyItems building;

  public EarleyChart(BarHillel product) {
    this.product = product;
    this.rule = product.rule();
    this.atn = rule.atn();
    this.dfa = product.dfa();
    this.building = new EarleyItems(rule);
    building.clear();
    building.add(item(atn.ruleToStartState[rule.ruleIndex()].stateNumber, 0, TOP));
    dfaState.add(dfa.start());
    closeInto(0);
  }

  /** Number of tokens read. */
  public int length() {
    return tokens.size();
  }

  /** Reads one more token; false (and nothing read) when no word of the rule or the automaton continues so. */
  public boolean push(int id) {
    int k = sets.size() - 1;
    int type = rule.type(id);
    int q = dfa.step(dfaState.get(k), id);
    if (type == 0 || q == Dfa.DEAD) return false;
    building.clear();
    for (long it : sets.get(k)) {
      int s = state(it);
      int[][] labels = rule.scanLabels[s];
      ATNState st = atn.states.get(s);
      for (int i = 0; i < labels.length; i++)
        if (labels[i] != null && Arrays.binarySearch(labels[i], type) >= 0) building.add(item(st.transition(i).target.stateNumber, prec(it), origin(it)));
    }
    if (building.size() == 0) return false;
    dfaState.add(q);
    tokens.add(id);
    closeInto(k + 1);
    clearMemo();
    return true;
  }

  /** Forgets the last token. */
  public void pop() {
    if (tokens.isEmpty()) throw new IllegalStateException("nothing to pop");
    sets.remove(sets.size() - 1);
    topDone.remove(topDone.size() - 1);
    dfaState.remove(dfaState.size() - 1);
    tokens.remove(tokens.size() - 1);
    clearMemo();
  }

  /**
   * Makes the chart hold exactly this prefix, keeping the common beginning with the current
   * one. Returns how many tokens of the prefix could be read (its length when all).
   */
  public int moveTo(int[] prefix) {
    int common = 0;
    while (common < tokens.size() && common < prefix.length && tokens.get(common) == prefix[common]) common++;
    while (tokens.size() > common) pop();
    for (int i = common; i < prefix.length; i++) if (!push(prefix[i])) return i;
    return prefix.length;
  }

  /** Whether the tokens read form a whole word of the rule that the automaton accepts. */
  public boolean accepts() {
    int k = sets.size() - 1;
    int q = dfaState.get(k);
    return q != Dfa.DEAD && topDone.get(k) && dfa.accepting()[q];
  }

  /** Fewest further tokens that complete the prefix into a word of both; at least {@link BarHillel#NEVER} when none. */
  public int shortestCompletion() {
    int k = sets.size() - 1;
    int q = dfaState.get(k);
    int best = BarHillel.NEVER;
    if (q == Dfa.DEAD) return best; // the regular parts have no word at all
    for (long it : sets.get(k)) best = Math.min(best, itemCost(it, q));
    return best;
  }

  /** Vocabulary ids after which a completion within the budget remains (EOS when the prefix is a word), increasing. */
  public int[] nextIds(int budget) {
    List<Integer> out = new ArrayList<>();
    if (accepts()) out.add(Vocabulary.EOS);
    if (budget >= 1)
      for (int id : dfa.symbols()) {
        if (!push(id)) continue;
        if (shortestCompletion() <= budget - 1) out.add(id);
        pop();
      }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The shortest completion (ties: smallest ids first), appended to the prefix; null if none fits the budget. */
  public int[] witness(int budget) {
    int need = shortestCompletion();
    if (need > budget) return null;
    int read = tokens.size();
    List<Integer> added = new ArrayList<>();
    while (need > 0) {
      boolean found = false;
      for (int id : dfa.symbols()) {
        if (!push(id)) continue;
        if (shortestCompletion() == need - 1) {
          added.add(id);
          found = true;
          break;
        }
        pop();
      }
      if (!found) throw new IllegalStateException("shortest completions are inconsistent");
      need--;
    }
    int[] out = new int[read + added.size()];
    for (int i = 0; i < out.length; i++) out[i] = tokens.get(i);
    for (int i = 0; i < added.size(); i++) pop();
    return out;
  }

  // ---------------------------------------------------------------- shortest completions

  private void clearMemo() {
    itemMemo.clear();
    callerMemo.clear();
  }

  /** Fewest tokens from an item, with the automaton in state q, to the end of the whole word. */
  private int itemCost(long it, int q) {
    int[] memo = itemMemo.computeIfAbsent(it, k -> filled(product.states()));
    if (memo[q] >= 0) return memo[q];
    long key = it * 31 + q;
    if (!inProgress.add(key)) return BarHillel.NEVER; // a cycle never makes a path shorter
    int s = state(it);
    int p = prec(it);
    int o = origin(it);
    int best = BarHillel.NEVER;
    for (int qo = 0; qo < product.states(); qo++) {
      int inner = product.shortest(s, p, q, qo);
      if (inner >= BarHillel.NEVER) continue;
      int outer = o == TOP ? (dfa.accepting()[qo] ? 0 : BarHillel.NEVER) : callerCost(o, atn.states.get(s).ruleIndex, p, qo);
      best = Math.min(best, inner + outer);
    }
    inProgress.remove(key);
    memo[q] = best;
    return best;
  }

  /** Fewest tokens after rule r (called at precedence p from set o) has finished with the automaton in q. */
  private int callerCost(int o, int r, int p, int q) {
    long key = ((long) o << 40) | ((long) r << 20) | p;
    int[] memo = callerMemo.computeIfAbsent(key, k -> filled(product.states()));
    if (memo[q] >= 0) return memo[q];
    int best = BarHillel.NEVER;
    for (long w : sets.get(o)) {
      ATNState ws = atn.states.get(state(w));
      for (int i = 0; i < ws.getNumberOfTransitions(); i++)
        if (ws.transition(i) instanceof RuleTransition rt && rt.target.ruleIndex == r && rt.precedence == p && rule.live[rt.followState.stateNumber])
          best = Math.min(best, itemCost(item(rt.followState.stateNumber, prec(w), origin(w)), q));
    }
    memo[q] = best;
    return best;
  }

  private static int[] filled(int n) {
    int[] a = new int[n];
    Arrays.fill(a, -1);
    return a;
  }

  // ---------------------------------------------------------------- Earley closure

  /** Closes the items added so far; the result becomes set k. */
  private void closeInto(int k) {
    sets.add(null); // set k exists (for completions that refer to earlier sets only)
    boolean done = building.close(k + 1, TOP + 1, (o, r, p, items) -> {
      for (long w : sets.get(o - 1)) items.advance(w, r, p);
    });
    sets.set(k, building.toArray());
    topDone.add(done);
  }

  // Items tag their origin set + 1, so that the top-level instance (TOP = -1) is tag 0.
  private static long item(int state, int prec, int origin) {
    return EarleyItems.item(state, prec, origin + 1);
  }

  private static int state(long it) {
    return EarleyItems.state(it);
  }

  private static int prec(long it) {
    return EarleyItems.prec(it);
  }

  private static int origin(long it) {
    return EarleyItems.origin(it) - 1;
  }
}
