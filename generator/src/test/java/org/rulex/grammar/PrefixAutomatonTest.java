package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dfa.startingWith: a set of prompts as the regular language of the words that start with one. */
class PrefixAutomatonTest {
  static final int A = 3;
  static final int B = 4;
  static final int[] SYMBOLS = {A, B};

  static boolean startsWithOne(int[] w, List<int[]> prefixes) {
    outer:
    for (int[] p : prefixes) {
      if (p.length > w.length) continue;
      for (int i = 0; i < p.length; i++) if (w[i] != p[i]) continue outer;
      return true;
    }
    return false;
  }

  static List<int[]> allWords(int upTo) {
    List<int[]> out = new ArrayList<>();
    out.add(new int[0]);
    for (int n = 1; n <= upTo; n++)
      for (int code = 0; code < 1 << n; code++) {
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = (code >> i & 1) == 0 ? A : B;
        out.add(w);
      }
    return out;
  }

  @Test
  void acceptsExactlyTheWordsThatStartWithAPrefix() {
    List<List<int[]>> cases = List.of(
        List.of(new int[] {A, B}, new int[] {B, B, A}),
        List.of(new int[] {A}, new int[] {A, B, B}), // a longer prefix inside a shorter one
        List.of(new int[] {A, B, B}, new int[] {A}),
        List.of(new int[0]),
        List.of());
    for (List<int[]> prefixes : cases) {
      Dfa d = Dfa.startingWith(prefixes, SYMBOLS);
      for (int[] w : allWords(7)) assertEquals(startsWithOne(w, prefixes), d.accepts(w), java.util.Arrays.toString(w));
    }
  }

  @Test
  void countsAreThoseOfTheWordsThatStartWithAPrefix() {
    // all 8 words of length 3 beginning with a: 2^(n-1) words of each length n >= 1 start with a.
    Dfa d = Dfa.startingWith(List.of(new int[] {A}), SYMBOLS);
    java.math.BigInteger[] c = d.counts(6);
    for (int n = 1; n <= 6; n++) assertEquals(java.math.BigInteger.ONE.shiftLeft(n - 1), c[n]);
    assertEquals(java.math.BigInteger.ZERO, c[0]);
  }
}
