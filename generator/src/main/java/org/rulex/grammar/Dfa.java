package org.rulex.grammar;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal deterministic automaton over vocabulary ids: the compiled form of a regular rule
 * (or of the intersection of several). {@code next[q][id]} is the state after reading id from q,
 * or {@link #DEAD} when no word of the language continues that way; every state that exists can
 * still reach an accepting state. Immutable and thread-safe.
 *
 * @param next transitions, indexed by state then vocabulary id (ids that are not symbols map to DEAD)
 * @param accepting which states accept
 * @param start the initial state, DEAD when the language is empty
 * @param symbols the alphabet's vocabulary ids, increasing
 * @param distance the length of the shortest accepted word from each state
 */
public record Dfa(int[][] next, boolean[] accepting, int start, int[] symbols, int[] distance) {
  public static final int DEAD = -1;

  /** The automaton that accepts every word over the alphabet (one state). */
  public static Dfa universal(int[] symbols) {
    int width = Arrays.stream(symbols).max().orElse(0) + 1;
    int[] row = new int[width];
    Arrays.fill(row, DEAD);
    for (int id : symbols) row[id] = 0;
    return new Dfa(new int[][] {row}, new boolean[] {true}, 0, symbols.clone(), new int[] {0});
  }

  /**
   * The automaton of the words that start with one of the prefixes (a trie, then minimised): a
   * set of prompts as a regular language, so that one product counts the completions of them all.
   */
  public static Dfa startingWith(java.util.Collection<int[]> prefixes, int[] symbols) {
    int width = Arrays.stream(symbols).max().orElse(0) + 1;
    java.util.List<int[]> next = new java.util.ArrayList<>();
    java.util.List<Boolean> accepting = new java.util.ArrayList<>();
    java.util.function.Supplier<Integer> fresh = () -> {
      int[] row = new int[width];
      Arrays.fill(row, DEAD);
      next.add(row);
      accepting.add(false);
      return next.size() - 1;
    };
    int root = fresh.get();
    int any = fresh.get(); // every word from here on is accepted
    accepting.set(any, true);
    for (int id : symbols) next.get(any)[id] = any;
    for (int[] prefix : prefixes) {
      int q = root;
      for (int i = 0; i < prefix.length && q != any; i++) {
        int id = prefix[i];
        if (next.get(q)[id] == DEAD) next.get(q)[id] = i + 1 == prefix.length ? any : fresh.get();
        else if (i + 1 == prefix.length) next.get(q)[id] = any;
        q = next.get(q)[id];
      }
      if (prefix.length == 0) root = any;
    }
    boolean[] acc = new boolean[accepting.size()];
    for (int i = 0; i < acc.length; i++) acc[i] = accepting.get(i);
    return minimise(next.toArray(int[][]::new), acc, root, symbols.clone());
  }

  public int size() {
    return accepting.length;
  }

  public int step(int q, int id) {
    if (q < 0 || q >= next.length || id < 0 || id >= next[q].length) return DEAD;
    return next[q][id];
  }

  public int run(int[] word) {
    int q = start;
    for (int id : word) {
      q = step(q, id);
      if (q == DEAD) return DEAD;
    }
    return q;
  }

  public boolean accepts(int[] word) {
    int q = run(word);
    return q != DEAD && accepting[q];
  }

  /** The intersection of two automata over the same alphabet, minimised. */
  public Dfa intersect(Dfa other) {
    Map<Long, Integer> index = new HashMap<>();
    List<int[]> pairs = new ArrayList<>();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    int width = Math.max(width(), other.width());
    List<int[]> rows = new ArrayList<>();
    if (start == DEAD || other.start == DEAD) return empty(symbols);
    index.put(key(start, other.start), 0);
    pairs.add(new int[] {start, other.start});
    work.add(0);
    while (!work.isEmpty()) {
      int i = work.poll();
      int[] p = pairs.get(i);
      int[] row = new int[width];
      Arrays.fill(row, DEAD);
      for (int id : symbols) {
        int a = step(p[0], id);
        int b = other.step(p[1], id);
        if (a == DEAD || b == DEAD) continue;
        Integer j = index.get(key(a, b));
        if (j == null) {
          j = pairs.size();
          index.put(key(a, b), j);
          pairs.add(new int[] {a, b});
          work.add(j);
        }
        row[id] = j;
      }
      while (rows.size() <= i) rows.add(null);
      rows.set(i, row);
    }
    boolean[] accept = new boolean[pairs.size()];
    for (int i = 0; i < accept.length; i++) accept[i] = accepting[pairs.get(i)[0]] && other.accepting[pairs.get(i)[1]];
    return minimise(rows.toArray(int[][]::new), accept, 0, symbols);
  }

  private int width() {
    return next.length == 0 ? 0 : next[0].length;
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | b;
  }

  static Dfa empty(int[] symbols) {
    return new Dfa(new int[0][], new boolean[0], DEAD, symbols.clone(), new int[0]);
  }

  /**
   * Trims states that cannot reach acceptance, then merges equivalent states (Moore's partition
   * refinement), renumbering breadth first from the start so that equal languages get equal automata.
   */
  static Dfa minimise(int[][] next, boolean[] accepting, int start, int[] symbols) {
    int n = accepting.length;
    int[] dist = distances(next, accepting, symbols);
    if (start == DEAD || dist[start] == Integer.MAX_VALUE) return empty(symbols);
    // Partition refinement over the live states; DEAD and dead states share class -1.
    int[] cls = new int[n];
    for (int q = 0; q < n; q++) cls[q] = dist[q] == Integer.MAX_VALUE ? -1 : accepting[q] ? 1 : 0;
    int classes = -1;
    while (true) {
      Map<List<Integer>, Integer> sig = new HashMap<>();
      int[] next2 = new int[n];
      for (int q = 0; q < n; q++) {
        if (cls[q] < 0) {
          next2[q] = -1;
          continue;
        }
        List<Integer> s = new ArrayList<>(symbols.length + 1);
        s.add(cls[q]);
        for (int id : symbols) {
          int t = next[q][id];
          s.add(t == DEAD ? -1 : cls[t]);
        }
        next2[q] = sig.computeIfAbsent(s, k -> sig.size());
      }
      cls = next2;
      if (sig.size() == classes) break;
      classes = sig.size();
    }
    // Renumber breadth first from the start.
    int[] number = new int[classes];
    Arrays.fill(number, -1);
    int[] representative = new int[classes];
    List<Integer> order = new ArrayList<>();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    number[cls[start]] = 0;
    representative[cls[start]] = start;
    order.add(cls[start]);
    work.add(start);
    while (!work.isEmpty()) {
      int q = work.poll();
      for (int id : symbols) {
        int t = next[q][id];
        if (t == DEAD || cls[t] < 0 || number[cls[t]] >= 0) continue;
        number[cls[t]] = order.size();
        representative[cls[t]] = t;
        order.add(cls[t]);
        work.add(t);
      }
    }
    int width = Arrays.stream(symbols).max().orElse(0) + 1;
    int[][] out = new int[order.size()][width];
    boolean[] acc = new boolean[order.size()];
    for (int i = 0; i < order.size(); i++) {
      int q = representative[order.get(i)];
      Arrays.fill(out[i], DEAD);
      for (int id : symbols) {
        int t = next[q][id];
        if (t != DEAD && cls[t] >= 0) out[i][id] = number[cls[t]];
      }
      acc[i] = accepting[q];
    }
    return new Dfa(out, acc, 0, symbols.clone(), distances(out, acc, symbols));
  }

  /** Shortest accepted word from each state, by breadth-first search backwards from the accepting states. */
  private static int[] distances(int[][] next, boolean[] accepting, int[] symbols) {
    int n = accepting.length;
    List<List<Integer>> back = new ArrayList<>();
    for (int q = 0; q < n; q++) back.add(new ArrayList<>());
    for (int q = 0; q < n; q++)
      for (int id : symbols) if (next[q][id] != DEAD) back.get(next[q][id]).add(q);
    int[] dist = new int[n];
    Arrays.fill(dist, Integer.MAX_VALUE);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    for (int q = 0; q < n; q++)
      if (accepting[q]) {
        dist[q] = 0;
        work.add(q);
      }
    while (!work.isEmpty()) {
      int q = work.poll();
      for (int p : back.get(q))
        if (dist[p] == Integer.MAX_VALUE) {
          dist[p] = dist[q] + 1;
          work.add(p);
        }
    }
    return dist;
  }

  /** Number of accepted words of each length 0..max, by dynamic programming over the states. */
  public BigInteger[] counts(int max) {
    BigInteger[] out = new BigInteger[max + 1];
    if (start == DEAD) {
      Arrays.fill(out, BigInteger.ZERO);
      return out;
    }
    BigInteger[] ways = new BigInteger[size()];
    Arrays.fill(ways, BigInteger.ZERO);
    ways[start] = BigInteger.ONE;
    for (int len = 0; len <= max; len++) {
      BigInteger total = BigInteger.ZERO;
      for (int q = 0; q < size(); q++) if (accepting[q]) total = total.add(ways[q]);
      out[len] = total;
      BigInteger[] after = new BigInteger[size()];
      Arrays.fill(after, BigInteger.ZERO);
      for (int q = 0; q < size(); q++) {
        if (ways[q].signum() == 0) continue;
        for (int id : symbols) {
          int t = next[q][id];
          if (t != DEAD) after[t] = after[t].add(ways[q]);
        }
      }
      ways = after;
    }
    return out;
  }
}
