package org.rulex.grammar;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * The items of one Earley set while its closure is computed, for {@link EarleyChart} and
 * {@link ParseStates}: an item is (ATN state, precedence, origin) packed in a long; each is kept
 * once, in the order found, with a stack of the items still to expand. Items at states that can
 * no longer reach their rule's end are never added. Primitive arrays throughout (a closure runs
 * at every token of every word a sampler verifies). Reused: {@link #clear} starts the next set.
 *
 * <p>Origins are the caller's tags: {@code self} for the set being built, {@code top} for the
 * top-level instance of the rule, anything else an earlier set's (a chart position, an interned
 * set id).
 */
final class EarleyItems {
  private final GrammarRule rule;
  private final ATN atn;
  private final boolean[] live;
  /** Rules (with their precedence) that finished inside the set being built, for items that call them later. */
  private final Set<Long> completedHere = new HashSet<>();
  /** Open addressing; a slot holds item + 1, 0 when empty (item 0 is a real item). */
  private long[] table = new long[64];
  private long[] order = new long[16];
  /** slots[j]: where order[j] sits in the table, so that clearing costs the items, not the table. */
  private int[] slots = new int[16];
  private int size;
  private long[] work = new long[16];
  private int pending;

  EarleyItems(GrammarRule rule) {
    this.rule = rule;
    this.atn = rule.atn();
    this.live = rule.live;
  }

  /** An item: origin is the caller's own tag for where the item's rule was entered (a set index, an interned set id). */
  static long item(int state, int prec, int origin) {
    return ((long) origin << 32) | ((long) prec << 20) | state;
  }

  static int state(long it) {
    return (int) (it & 0xFFFFF);
  }

  static int prec(long it) {
    return (int) ((it >>> 20) & 0xFFF);
  }

  static int origin(long it) {
    return (int) (it >>> 32);
  }

  /** A rule entered at a precedence, as one key (for "completed in this set"). */
  static long ruleKey(int r, int p) {
    return ((long) r << 32) | p;
  }

  void clear() {
    for (int j = 0; j < size; j++) table[slots[j]] = 0;
    size = 0;
    pending = 0;
  }

  /** Adds the item unless it is dead or already here; a new one is also queued for expansion. */
  void add(long it) {
    if (!live[state(it)]) return;
    if (2 * (size + 1) > table.length) grow();
    int slot = insert(table, it);
    if (slot < 0) return;
    if (size == order.length) {
      order = Arrays.copyOf(order, size * 2);
      slots = Arrays.copyOf(slots, size * 2);
    }
    slots[size] = slot;
    order[size++] = it;
    if (pending == work.length) work = Arrays.copyOf(work, pending * 2);
    work[pending++] = it;
  }

  boolean hasWork() {
    return pending > 0;
  }

  /** The next item to expand (last added first). */
  long next() {
    return work[--pending];
  }

  /** Number of items so far; items get(0..size-1) in the order found. */
  int size() {
    return size;
  }

  long get(int j) {
    return order[j];
  }

  long[] toArray() {
    return Arrays.copyOf(order, size);
  }

  /** Where a rule instance entered in an earlier set goes on when it finishes. */
  interface Returns {
    /** Adds to the items what follows rule r, entered at precedence p, having finished; origin is the instance's tag. */
    void finished(int origin, int r, int p, EarleyItems items);
  }

  /**
   * Earley prediction and completion to a fixpoint from the items added so far: a called rule is
   * predicted here (origin self); a finished rule advances the items that wait on it in this set,
   * or, entered earlier, goes on as returns says. Returns whether the top-level instance (origin
   * top) finished.
   */
  boolean close(int self, int top, Returns returns) {
    completedHere.clear();
    boolean done = false;
    while (hasWork()) {
      long it = next();
      int s = state(it);
      int p = prec(it);
      int o = origin(it);
      ATNState st = atn.states.get(s);
      if (st instanceof RuleStopState) {
        int r = st.ruleIndex;
        if (o == top) {
          done = true;
        } else if (o == self) {
          completedHere.add(ruleKey(r, p));
          for (int j = 0; j < size; j++) advance(order[j], r, p);
        } else {
          returns.finished(o, r, p, this);
        }
        continue;
      }
      for (int i = 0; i < st.getNumberOfTransitions(); i++) {
        Transition t = st.transition(i);
        if (t instanceof RuleTransition rt) {
          int r = rt.target.ruleIndex;
          if (!rule.productive[r] || !live[rt.followState.stateNumber]) continue;
          add(item(rt.target.stateNumber, rt.precedence, self));
          if (completedHere.contains(ruleKey(r, rt.precedence))) add(item(rt.followState.stateNumber, p, o));
        } else if (t.isEpsilon() && GrammarRule.passes(t, p)) {
          add(item(t.target.stateNumber, p, o));
        }
      }
    }
    return done;
  }

  /** If item w waits on rule r at precedence p, adds the item after the call. */
  void advance(long w, int r, int p) {
    ATNState ws = atn.states.get(state(w));
    for (int i = 0; i < ws.getNumberOfTransitions(); i++)
      if (ws.transition(i) instanceof RuleTransition rt && rt.target.ruleIndex == r && rt.precedence == p && live[rt.followState.stateNumber])
        add(item(rt.followState.stateNumber, prec(w), origin(w)));
  }

  /** Puts the item in the table; its slot, or -1 when it was there already. */
  private static int insert(long[] table, long it) {
    int mask = table.length - 1;
    int i = (int) (Long.hashCode(it * 0x9E3779B97F4A7C15L)) & mask;
    while (table[i] != 0) {
      if (table[i] == it + 1) return -1;
      i = (i + 1) & mask;
    }
    table[i] = it + 1;
    return i;
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (int j = 0; j < size; j++) slots[j] = insert(bigger, order[j]);
    table = bigger;
  }
}
