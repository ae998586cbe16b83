package org.rulex.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * An exact Earley recogniser run over one rule's ATN, with its item sets interned so that a
 * parse position is a single int: two positions with equal ids accept exactly the same
 * continuations. That makes the recogniser a lazily built deterministic automaton: step it
 * token by token, ask whether it accepts, which tokens may come next, and whether any
 * continuation exists (viable prefix). ANTLR's own error position is not exact; this is.
 *
 * <p>Items are (ATN state, precedence, origin); the origin is the id of the item set where the
 * item's rule was predicted, or SELF for items predicted in their own set. Only live states
 * (states that can still reach the end of their rule) are ever added, so an item set is
 * non-empty exactly when the prefix can be completed. Not thread-safe: one instance per user.
 */
public final class ParseStates {
  /** The id of the empty item set: no continuation exists. */
  public static final int DEAD = 0;
  private static final int SELF = 0;
  /** No item has this origin: interned sets have ids from 1. */
  private static final int NO_TOP = -1;

  private final GrammarRule rule;
  private final ATN atn;
  private final List<long[]> sets = new ArrayList<>();
  private final Map<ArrayKey, Integer> ids = new HashMap<>();
  private final Map<Long, Integer> steps = new HashMap<>();
  private final int initial;
  private final int limit;
  /** The set being closed (reused from step to step). */
  private final EarleyItems building;

  public ParseStates(GrammarRule rule) {
    this(rule, 2_000_000);
  }

  /** @param limit the most item sets to keep before {@link StateLimitException} is thrown */
  public ParseStates(GrammarRule rule, int limit) {
    this.rule = rule;
    this.atn = rule.atn();
    this.limit = limit;
    sets.add(new long[0]);
    ids.put(new ArrayKey(new long[0]), DEAD);
    this.building = new EarleyItems(rule);
    ATNState start = atn.ruleToStartState[rule.acceptRuleIndex()];
    building.clear();
    building.add(item(start.stateNumber, 0, SELF));
    this.initial = closure();
  }

  public GrammarRule rule() {
    return rule;
  }

  /** The state before any token. */
  public int initial() {
    return initial;
  }

  /** Number of distinct item sets built so far. */
  public int size() {
    return sets.size();
  }

  /** The state after one more token (a vocabulary id). DEAD once no continuation exists. */
  public int step(int state, int id) {
    if (state == DEAD) return DEAD;
    int type = rule.type(id);
    if (type == 0) return DEAD;
    long key = ((long) state << 20) | type;
    Integer next = steps.get(key);
    if (next == null) {
      next = scan(state, type);
      steps.put(key, next);
    }
    return next;
  }

  /** The state after a whole prefix. */
  public int run(int[] ids) {
    int s = initial;
    for (int id : ids) {
      s = step(s, id);
      if (s == DEAD) return DEAD;
    }
    return s;
  }

  /** Whether the tokens read so far form a whole word of the rule. */
  public boolean accepts(int state) {
    if (state == DEAD) return false;
    for (long it : sets.get(state)) {
      int s = state(it);
      int[][] labels = rule.scanLabels[s];
      ATNState st = atn.states.get(s);
      for (int i = 0; i < labels.length; i++)
        if (labels[i] != null && Arrays.binarySearch(labels[i], Token.EOF) >= 0 && rule.live[st.transition(i).target.stateNumber]) return true;
    }
    return false;
  }

  /** The vocabulary ids that may come next, in increasing order, EOS included when the word may end. */
  public int[] nextIds(int state) {
    if (state == DEAD) return new int[0];
    TreeSet<Integer> out = new TreeSet<>();
    for (long it : sets.get(state)) {
      int s = state(it);
      int[][] labels = rule.scanLabels[s];
      ATNState st = atn.states.get(s);
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == null || !rule.live[st.transition(i).target.stateNumber]) continue;
        for (int type : labels[i]) out.add(rule.id(type));
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  // ---------------------------------------------------------------- shortest completions

  private final Map<Long, Integer> shortestMemo = new HashMap<>();
  private final Map<Long, int[]> itemMemo = new HashMap<>();
  private final Set<Long> inProgress = new HashSet<>();

  /**
   * Fewest more tokens that complete the state into a word of the rule that an automaton also
   * accepts, the automaton being in state q now ({@link BarHillel#NEVER} or more when none).
   * Needs the Bar-Hillel product of this rule with that automaton; memoised, since interned
   * states never change. Lets a product of several rules drop states that cannot finish in time.
   */
  public int shortestCompletion(int state, int q, BarHillel product) {
    if (state == DEAD || q == Dfa.DEAD) return BarHillel.NEVER;
    long key = ((long) state << 20) | q;
    Integer known = shortestMemo.get(key);
    if (known != null) return known;
    int best = BarHillel.NEVER;
    for (long it : sets.get(state)) best = Math.min(best, itemCost(state(it), prec(it), origin(it) == SELF ? state : origin(it), q, product));
    shortestMemo.put(key, best);
    return best;
  }

  /** Fewest tokens from ATN state s (rule entered at precedence p, called from interned set o) to the end of the word. */
  private int itemCost(int s, int p, int o, int q, BarHillel product) {
    ATNState st = atn.states.get(s);
    Dfa dfa = product.dfa();
    if (st.ruleIndex == rule.acceptRuleIndex()) {
      // The augmented top rule: either x is still to come, or only EOF is left.
      int best = BarHillel.NEVER;
      for (int i = 0; i < st.getNumberOfTransitions(); i++) {
        Transition t = st.transition(i);
        if (t instanceof RuleTransition rt) {
          for (int qo = 0; qo < product.states(); qo++)
            if (dfa.accepting()[qo]) best = Math.min(best, product.shortest(rt.target.stateNumber, rt.precedence, q, qo));
        } else if (!t.isEpsilon() && dfa.accepting()[q]) {
          best = 0;
        }
      }
      return best;
    }
    long key = (((long) o << 20) | s) << 12 | p;
    int[] memo = itemMemo.computeIfAbsent(key, k -> {
      int[] a = new int[product.states()];
      Arrays.fill(a, -1);
      return a;
    });
    if (memo[q] >= 0) return memo[q];
    long busy = key * 31 + q;
    if (!inProgress.add(busy)) return BarHillel.NEVER; // a cycle never makes a completion shorter
    int best = BarHillel.NEVER;
    for (int qo = 0; qo < product.states(); qo++) {
      int inner = product.shortest(s, p, q, qo);
      if (inner >= BarHillel.NEVER) continue;
      best = Math.min(best, inner + callerCost(o, st.ruleIndex, p, qo, product));
    }
    inProgress.remove(busy);
    memo[q] = best;
    return best;
  }

  /** Fewest tokens after rule r, called at precedence p from interned set o, has finished with the automaton in q. */
  private int callerCost(int o, int r, int p, int q, BarHillel product) {
    int best = BarHillel.NEVER;
    for (long w : sets.get(o)) {
      ATNState ws = atn.states.get(state(w));
      for (int i = 0; i < ws.getNumberOfTransitions(); i++) {
        if (!(ws.transition(i) instanceof RuleTransition rt) || rt.target.ruleIndex != r || rt.precedence != p || !rule.live[rt.followState.stateNumber]) continue;
        if (ws.ruleIndex == rule.acceptRuleIndex()) best = Math.min(best, product.dfa().accepting()[q] ? 0 : BarHillel.NEVER);
        else best = Math.min(best, itemCost(rt.followState.stateNumber, prec(w), origin(w) == SELF ? o : origin(w), q, product));
      }
    }
    return best;
  }

  private int scan(int state, int type) {
    building.clear();
    for (long it : sets.get(state)) {
      int s = state(it);
      int[][] labels = rule.scanLabels[s];
      ATNState st = atn.states.get(s);
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == null || Arrays.binarySearch(labels[i], type) < 0) continue;
        int origin = origin(it) == SELF ? state : origin(it);
        building.add(item(st.transition(i).target.stateNumber, prec(it), origin));
      }
    }
    return building.size() == 0 ? DEAD : closure();
  }

  /** Earley prediction and completion to a fixpoint from the items added so far, then interning. */
  private int closure() {
    building.close(SELF, NO_TOP, sets::get); // the augmented rule ends by scanning EOF, never by finishing
    long[] items = building.toArray();
    // Only items that can still scan or wait on a rule shape the future; the rest (finished rules,
    // pure epsilon states) were fully expanded above. Dropping them is what makes equal futures
    // get equal ids instead of every set remembering its whole history.
    long[] arr = Arrays.stream(items).filter(it -> rule.hasFuture[state(it)]).sorted().toArray();
    if (arr.length == 0) return DEAD;
    ArrayKey key = new ArrayKey(arr);
    Integer id = ids.get(key);
    if (id != null) return id;
    if (sets.size() >= limit) throw new StateLimitException(rule.name(), limit);
    id = sets.size();
    sets.add(arr);
    ids.put(key, id);
    return id;
  }

  // Items tag their origin with the interned set's id, or SELF for the set being built.
  private static long item(int state, int prec, int origin) {
    return EarleyItems.item(state, prec, origin);
  }

  private static int state(long it) {
    return EarleyItems.state(it);
  }

  private static int prec(long it) {
    return EarleyItems.prec(it);
  }

  private static int origin(long it) {
    return EarleyItems.origin(it);
  }
}
