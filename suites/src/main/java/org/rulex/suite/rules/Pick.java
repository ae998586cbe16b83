package org.rulex.suite.rules;

import java.util.Arrays;
import java.util.List;
import org.rulex.suite.Draws;

/** Seeded choices without replacement: distinct values, shuffled lists (Fisher-Yates on {@link Draws}). */
final class Pick {
  private Pick() {}

  /** k distinct values of 0..n-1 in random order. */
  static int[] distinct(Draws draws, int n, int k) {
    if (k > n) throw new IllegalArgumentException("cannot draw " + k + " distinct values of " + n);
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    for (int i = 0; i < k; i++) swap(all, i, i + draws.nextInt(n - i));
    return Arrays.copyOf(all, k);
  }

  static <T> void shuffle(List<T> list, Draws draws) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = draws.nextInt(i + 1);
      list.set(j, list.set(i, list.get(j)));
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
