package org.rulex.grammar.oracle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The registry of hand-written oracles, one per language in grammars/. Each predicate is
 * written from the prose definition (REFERENCE.md, language.json "description"), never from the
 * grammar, so that the two can disagree.
 */
public final class Oracles {
  private static final Map<String, LanguageOracle> ALL = build();

  private Oracles() {}

  /** Language name (the "name" of its language.json) to its oracle. */
  public static Map<String, LanguageOracle> all() {
    return ALL;
  }

  public static LanguageOracle of(String language) {
    return Optional.ofNullable(ALL.get(language)).orElseThrow(() -> new IllegalArgumentException("no oracle for language " + language));
  }

  private static Map<String, LanguageOracle> build() {
    Map<String, LanguageOracle> m = new LinkedHashMap<>();
    add(m, "ban", "ab",
        // R1: the number of a's is even.
        w -> count(w, 'a') % 2 == 0,
        // R2: the word begins with b.
        w -> w.startsWith("b"),
        // L: both (language.json has no "language": the conjunction of the rules).
        w -> count(w, 'a') % 2 == 0 && w.startsWith("b"));
    add(m, "bban", "ab",
        // R1: the number of a's after the last b is even (no b: all a's count).
        w -> (w.length() - 1 - w.lastIndexOf('b')) % 2 == 0,
        // R2: at least one b, and no a before a b.
        w -> w.contains("b") && !w.contains("ab"),
        // L: b+ (aa)*.
        w -> w.matches("b+(aa)*"));
    add(m, "anbn", "ab",
        w -> count(w, 'a') == count(w, 'b'),
        w -> !w.contains("ba"),
        // a^n b^n with n >= 1.
        w -> {
          int n = w.length() / 2;
          return n >= 1 && w.equals("a".repeat(n) + "b".repeat(n));
        });
    add(m, "dyck", "()[]",
        w -> balanced(w, '[', ']'),
        w -> balanced(w, '(', ')'),
        w -> !w.isEmpty() && nested(w, "([", ")]", Integer.MAX_VALUE));
    add(m, "anbncn", "abc",
        w -> count(w, 'a') == count(w, 'b') && count(w, 'b') == count(w, 'c'),
        w -> w.matches("a*b*c*"),
        w -> {
          int n = w.length() / 3;
          return n >= 1 && w.equals("a".repeat(n) + "b".repeat(n) + "c".repeat(n));
        });
    add(m, "csdyck", "()[]",
        w -> balanced(w, '[', ']'),
        w -> balanced(w, '(', ')'),
        w -> !w.isEmpty() && balanced(w, '[', ']') && balanced(w, '(', ')'));
    add(m, "dyck3", "()[]{}",
        // R1: three kinds, properly nested.
        w -> nested(w, "([{", ")]}", Integer.MAX_VALUE),
        // R2: all brackets as one kind: balanced, never deeper than 3.
        w -> depthBalanced(w, "([{", ")]}", 3),
        w -> !w.isEmpty() && nested(w, "([{", ")]}", 3));
    add(m, "palindrome", "ab#",
        // R1: reads the same backwards (the empty word included).
        w -> new StringBuilder(w).reverse().toString().equals(w),
        // R2: exactly one #.
        w -> count(w, '#') == 1,
        // L: u # reverse(u) for u over {a, b}.
        w -> {
          int i = w.indexOf('#');
          if (i < 0 || w.length() != 2 * i + 1) return false;
          String u = w.substring(0, i);
          return !u.contains("#") && w.substring(i + 1).equals(new StringBuilder(u).reverse().toString());
        });
    add(m, "abruns", "ab",
        // R1: as many a's as b's.
        w -> count(w, 'a') == count(w, 'b'),
        // R2: no letter three times in a row.
        w -> !w.contains("aaa") && !w.contains("bbb"),
        w -> count(w, 'a') == count(w, 'b') && !w.contains("aaa") && !w.contains("bbb"));
    add(m, "palparity", "ab#",
        // R1: reads the same backwards.
        w -> new StringBuilder(w).reverse().toString().equals(w),
        // R2: exactly one #, an even number of a's before it.
        w -> count(w, '#') == 1 && count(w.substring(0, w.indexOf('#')), 'a') % 2 == 0,
        // L: u # reverse(u), u over {a, b} with an even number of a's.
        w -> {
          int i = w.indexOf('#');
          if (i < 0 || w.length() != 2 * i + 1) return false;
          String u = w.substring(0, i);
          return !u.contains("#") && count(u, 'a') % 2 == 0 && w.substring(i + 1).equals(new StringBuilder(u).reverse().toString());
        });
    add(m, "bracketsmod4", "()[]{}",
        // R1: three kinds, properly nested (the empty word included).
        w -> nested(w, "([{", ")]}", Integer.MAX_VALUE),
        // R2: the length is a positive multiple of 4.
        w -> !w.isEmpty() && w.length() % 4 == 0,
        w -> !w.isEmpty() && w.length() % 4 == 0 && nested(w, "([{", ")]}", Integer.MAX_VALUE));
    return Map.copyOf(m);
  }

  private static void add(Map<String, LanguageOracle> m, String name, String alphabet,
      Predicate<String> r1, Predicate<String> r2, Predicate<String> language) {
    Map<String, Predicate<String>> rules = new LinkedHashMap<>();
    rules.put("R1", onlyOver(alphabet, r1));
    rules.put("R2", onlyOver(alphabet, r2));
    rules.put(LanguageOracle.LANGUAGE, onlyOver(alphabet, language));
    m.put(name, new LanguageOracle(name, alphabet, rules));
  }

  /** Words with a character outside the alphabet are members of nothing. */
  private static Predicate<String> onlyOver(String alphabet, Predicate<String> p) {
    return w -> w.chars().allMatch(c -> alphabet.indexOf(c) >= 0) && p.test(w);
  }

  public static int count(String w, char c) {
    int n = 0;
    for (int i = 0; i < w.length(); i++) if (w.charAt(i) == c) n++;
    return n;
  }

  /** One kind of bracket balanced, every other character ignored. */
  public static boolean balanced(String w, char open, char close) {
    int depth = 0;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c == open) depth++;
      else if (c == close && --depth < 0) return false;
    }
    return depth == 0;
  }

  /** Several kinds properly nested (a stack of kinds), never deeper than maxDepth. */
  public static boolean nested(String w, String opens, String closes, int maxDepth) {
    Deque<Integer> stack = new ArrayDeque<>();
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      int o = opens.indexOf(c);
      int k = closes.indexOf(c);
      if (o >= 0) {
        stack.push(o);
        if (stack.size() > maxDepth) return false;
      } else if (k >= 0) {
        if (stack.isEmpty() || stack.pop() != k) return false;
      } else {
        return false;
      }
    }
    return stack.isEmpty();
  }

  /** Every opener against every closer, whatever their kinds, never deeper than maxDepth. */
  public static boolean depthBalanced(String w, String opens, String closes, int maxDepth) {
    int depth = 0;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (opens.indexOf(c) >= 0) {
        if (++depth > maxDepth) return false;
      } else if (closes.indexOf(c) >= 0) {
        if (--depth < 0) return false;
      } else {
        return false;
      }
    }
    return depth == 0;
  }
}
