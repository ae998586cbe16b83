package org.rulex.grammar;

import java.util.Arrays;

/**
 * The items of one Earley set while its closure is computed, for {@link EarleyChart} and
 * {@link ParseStates}: an item is (ATN state, precedence, origin) packed in a long; each is kept
 * once, in the order found, with a stack of the items still to expand. Items at states that can
 * no longer reach their rule's end are never added. Primitive arrays throughout (a closure runs
 * at every token of every word a sampler verifies). Reused: {@link #clear} starts the next set.
 */
final class EarleyItems {
  private final boolean[] live;
  /** Open addressing; a slot holds item + 1, 0 when empty (item 0 is a real item). */
  private long[] table = new long[64];
  private long[] order = new long[16];
  private int size;
  private long[] work = new long[16];
  private int pending;

  EarleyItems(GrammarRule rule) {
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
    Arrays.fill(table, 0);
    size = 0;
    pending = 0;
  }

  /** Adds the item unless it is dead or already here; a new one is also queued for expansion. */
  void add(long it) {
    if (!live[state(it)]) return;
    if (2 * (size + 1) > table.length) grow();
    if (!insert(table, it)) return;
    if (size == order.length) order = Arrays.copyOf(order, size * 2);
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

  private static boolean insert(long[] table, long it) {
    int mask = table.length - 1;
    int i = (int) (Long.hashCode(it * 0x9E3779B97F4A7C15L)) & mask;
    while (table[i] != 0) {
      if (table[i] == it + 1) return false;
      i = (i + 1) & mask;
    }
    table[i] = it + 1;
    return true;
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (int j = 0; j < size; j++) insert(bigger, order[j]);
    table = bigger;
  }
}
