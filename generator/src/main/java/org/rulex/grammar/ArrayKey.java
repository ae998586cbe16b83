package org.rulex.grammar;

import java.util.Arrays;

/** An array as a hash key, compared by content: how item sets, automaton subsets and product tuples are interned. */
record ArrayKey(long[] items) {
  /** The key of int states (a product's tuple), widened. */
  static ArrayKey of(int[] states) {
    return new ArrayKey(Arrays.stream(states).asLongStream().toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayKey k && Arrays.equals(items, k.items);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(items);
  }
}
