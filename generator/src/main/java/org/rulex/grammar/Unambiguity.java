package org.rulex.grammar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * A proof, when one can be found, that no word has two derivation paths through a rule's ATN:
 * then the paths that {@link PathCounts} and {@link BarHillel} count are the rule's words, and a
 * uniform path is a uniform word. Ambiguity is undecidable, so this is a sufficient condition
 * only: a rule it cannot prove is treated as possibly ambiguous (its words are then counted one
 * by one through the deterministic parse states), never assumed unambiguous.
 *
 * <p>The paths are the derivations of a grammar whose nonterminals are the (ATN state,
 * precedence) pairs the rule can reach: N(s) derives what a path reads from s to the end of its
 * rule; a token transition gives N(s) -> a N(t) (one production per symbol of its set), an
 * empty one N(s) -> N(t) (when its precedence predicate lets it through), a rule call N(s) ->
 * N(callee) N(follow state), a rule's end N(stop) -> empty. That grammar is unambiguous when
 * (Brabrand, Giegerich and Moeller 2010) every nonterminal's productions derive pairwise
 * disjoint languages (vertical) and every two-part production splits each word it derives in one
 * place only (horizontal); a one-token head splits uniquely, so only rule calls need a check.
 * Both are shown with over-approximations of the languages:
 *
 * <ul>
 *   <li>vertical, for two transitions out of one state: their one-token lookahead sets are
 *       disjoint (the first tokens, plus the rule's global follow set when the rest can be empty:
 *       strong LL(1)); or their languages are told apart by their first tokens, their last tokens
 *       or their length ranges (a palindrome's 'a' p 'a' and 'a');
 *   <li>horizontal, for a rule call: the callee or the rest of the calling rule has words of one
 *       length only; or every choice reachable inside the callee is strong LL(1), so no word of
 *       the callee extends to a longer one by tokens that may follow the call (two such paths
 *       would part at some choice whose two lookahead sets share the next token).
 * </ul>
 *
 * Immutable once built.
 */
public final class Unambiguity {
  /** Longest length: unbounded. */
  private static final int INFINITE = Integer.MAX_VALUE;
  /** EOF's bit in follow and lookahead sets (token types start at 1). */
  private static final int EOF_BIT = 0;

  /** Whether a proof was found, and in words either how or what stood in the way. */
  public record Verdict(boolean proven, String reason) {}

  private final GrammarRule rule;
  private final ATN atn;
  private final AtnPairs pairs;
  /** productions[pair]: each a {kind, a, b} with labels for tokens (see below). */
  private final List<List<Production>> productions = new ArrayList<>();
  private final boolean[] nullable;
  private final BitSet[] first;
  private final BitSet[] last;
  private final int[] minLength;
  private final int[] maxLength;
  private final java.util.Map<Long, BitSet> follow = new java.util.HashMap<>();

  /** One production of a pair: TOKEN (labels, then pair a), UNIT (pair a), CALL (pair a, then pair b), END. */
  private record Production(int kind, int[] labels, int a, int b, int transition) {}

  private static final int TOKEN = 0;
  private static final int UNIT = 1;
  private static final int CALL = 2;
  private static final int END = 3;

  private Unambiguity(GrammarRule rule) {
    this.rule = rule;
    this.atn = rule.atn();
    this.pairs = new AtnPairs(rule);
    int n = pairs.size();
    for (int i = 0; i < n; i++) productions.add(productionsOf(i));
    nullable = new boolean[n];
    first = new BitSet[n];
    last = new BitSet[n];
    minLength = new int[n];
    maxLength = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = new BitSet();
      last[i] = new BitSet();
    }
    Arrays.fill(minLength, INFINITE);
    Arrays.fill(maxLength, -1);
    sets();
    lengths();
    follows();
  }

  /** The verdict for a rule (computed once per rule: {@link GrammarRule#unambiguity()}). */
  static Verdict of(GrammarRule rule) {
    return new Unambiguity(rule).verdict();
  }

  private List<Production> productionsOf(int i) {
    ATNState s = atn.states.get(pairs.state(i));
    int p = pairs.precedence(i);
    List<Production> out = new ArrayList<>();
    if (s instanceof RuleStopState) {
      out.add(new Production(END, null, -1, -1, -1));
      return out;
    }
    if (!rule.live[s.stateNumber]) return out;
    for (int t = 0; t < s.getNumberOfTransitions(); t++) {
      Transition tr = s.transition(t);
      if (tr instanceof RuleTransition rt) {
        if (!rule.productive[rt.target.ruleIndex] || !rule.live[rt.followState.stateNumber]) continue;
        int a = pairs.index(rt.target.stateNumber, rt.precedence);
        int b = pairs.index(rt.followState.stateNumber, p);
        if (a >= 0 && b >= 0) out.add(new Production(CALL, null, a, b, t));
      } else if (tr.isEpsilon()) {
        if (!GrammarRule.passes(tr, p) || !rule.live[tr.target.stateNumber]) continue;
        int a = pairs.index(tr.target.stateNumber, p);
        if (a >= 0) out.add(new Production(UNIT, null, a, -1, t));
      } else {
        int[] labels = Arrays.stream(rule.scanLabels[s.stateNumber][t]).filter(x -> x > 0).toArray();
        int a = pairs.index(tr.target.stateNumber, p);
        if (labels.length > 0 && a >= 0 && rule.live[tr.target.stateNumber]) out.add(new Production(TOKEN, labels, a, -1, t));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- over-approximations

  /** Nullability, first and last tokens, shortest length: least fixpoints (they only grow, or only fall). */
  private void sets() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < pairs.size(); i++) {
        for (Production pr : productions.get(i)) {
          boolean nl = nullable(pr);
          if (nl && !nullable[i]) {
            nullable[i] = true;
            changed = true;
          }
          changed |= addAll(first[i], first(pr));
          changed |= addAll(last[i], last(pr));
          int m = min(pr);
          if (m < minLength[i]) {
            minLength[i] = m;
            changed = true;
          }
        }
      }
    }
  }

  private static boolean addAll(BitSet into, BitSet from) {
    int before = into.cardinality();
    into.or(from);
    return into.cardinality() != before;
  }

  /** Rounds after which a longest length still growing is taken as unbounded. */
  private static final int LENGTH_ROUNDS = 64;

  /**
   * Longest lengths, an upper bound: rounds of the equations from "no word", in place; after
   * {@link #LENGTH_ROUNDS} rounds, a value still growing is set to INFINITE (an infinite
   * language grows forever; a finite one that needs more rounds only loses precision). The
   * result is a fixpoint reached from below, so it is at least the least fixpoint, the true
   * longest length: sound for the checks, which only need a bound.
   */
  private void lengths() {
    int n = pairs.size();
    for (int round = 0; ; round++) {
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        if (maxLength[i] == INFINITE) continue;
        int best = maxLength[i];
        for (Production pr : productions.get(i)) best = Math.max(best, max(pr));
        if (best != maxLength[i]) {
          maxLength[i] = round >= LENGTH_ROUNDS ? INFINITE : best;
          changed = true;
        }
      }
      if (!changed) return;
    }
  }

  private boolean nullable(Production pr) {
    return switch (pr.kind()) {
      case TOKEN -> false;
      case UNIT -> nullable[pr.a()];
      case CALL -> nullable[pr.a()] && nullable[pr.b()];
      default -> true;
    };
  }

  private BitSet first(Production pr) {
    BitSet out = new BitSet();
    switch (pr.kind()) {
      case TOKEN -> {
        if (minLength[pr.a()] < INFINITE) for (int x : pr.labels()) out.set(x);
      }
      case UNIT -> out.or(first[pr.a()]);
      case CALL -> {
        if (minLength[pr.a()] < INFINITE && minLength[pr.b()] < INFINITE) {
          out.or(first[pr.a()]);
          if (nullable[pr.a()]) out.or(first[pr.b()]);
        }
      }
      default -> {}
    }
    return out;
  }

  private BitSet last(Production pr) {
    BitSet out = new BitSet();
    switch (pr.kind()) {
      case TOKEN -> {
        out.or(last[pr.a()]);
        if (nullable[pr.a()]) for (int x : pr.labels()) out.set(x);
      }
      case UNIT -> out.or(last[pr.a()]);
      case CALL -> {
        if (minLength[pr.a()] < INFINITE && minLength[pr.b()] < INFINITE) {
          out.or(last[pr.b()]);
          if (nullable[pr.b()]) out.or(last[pr.a()]);
        }
      }
      default -> {}
    }
    return out;
  }

  private int min(Production pr) {
    return switch (pr.kind()) {
      case TOKEN -> minLength[pr.a()] == INFINITE ? INFINITE : minLength[pr.a()] + 1;
      case UNIT -> minLength[pr.a()];
      case CALL -> minLength[pr.a()] == INFINITE || minLength[pr.b()] == INFINITE ? INFINITE : minLength[pr.a()] + minLength[pr.b()];
      default -> 0;
    };
  }

  /** -1 for an empty language. */
  private int max(Production pr) {
    return switch (pr.kind()) {
      case TOKEN -> plus(maxLength[pr.a()], 1);
      case UNIT -> maxLength[pr.a()];
      case CALL -> maxLength[pr.a()] < 0 || maxLength[pr.b()] < 0 ? -1 : plus(maxLength[pr.a()], maxLength[pr.b()]);
      default -> 0;
    };
  }

  private static int plus(int x, int y) {
    if (x < 0) return -1;
    if (x == INFINITE || y == INFINITE) return INFINITE;
    long s = (long) x + y;
    return s >= INFINITE ? INFINITE : (int) s;
  }

  private static long frame(int ruleIndex, int prec) {
    return ((long) ruleIndex << 32) | prec;
  }

  private BitSet followOf(int pair) {
    return follow.computeIfAbsent(frame(atn.states.get(pairs.state(pair)).ruleIndex, pairs.precedence(pair)), k -> new BitSet());
  }

  /** Global follow sets per rule instance (rule, precedence): what may come after it anywhere (EOF after the top). */
  private void follows() {
    followOf(pairs.start()).set(EOF_BIT);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < pairs.size(); i++)
        for (Production pr : productions.get(i)) {
          if (pr.kind() != CALL) continue;
          BitSet f = followOf(pr.a());
          changed |= addAll(f, first[pr.b()]);
          if (nullable[pr.b()]) changed |= addAll(f, followOf(i));
        }
    }
  }

  /** One-token lookahead of a production at pair i: its first tokens, and the follow when it can be empty. */
  private BitSet lookahead(int i, Production pr) {
    BitSet out = first(pr);
    if (nullable(pr)) out.or(followOf(i));
    return out;
  }

  // ---------------------------------------------------------------- the checks

  private boolean live(int i, Production pr) {
    return min(pr) < INFINITE && minLength[i] < INFINITE;
  }

  /** Whether the pair's choices are pairwise told apart by one token of lookahead. */
  private boolean stronglyLl1(int i) {
    List<Production> ps = productions.get(i);
    for (int x = 0; x < ps.size(); x++)
      for (int y = x + 1; y < ps.size(); y++) {
        if (!live(i, ps.get(x)) || !live(i, ps.get(y))) continue;
        if (nullable(ps.get(x)) && nullable(ps.get(y))) return false;
        if (lookahead(i, ps.get(x)).intersects(lookahead(i, ps.get(y)))) return false;
      }
    return true;
  }

  /** Whether the two productions' languages are disjoint by first tokens, last tokens or lengths. */
  private boolean toldApart(Production x, Production y) {
    boolean bothEmpty = nullable(x) && nullable(y);
    if (!bothEmpty && !first(x).intersects(first(y))) return true;
    if (!bothEmpty && !last(x).intersects(last(y))) return true;
    return max(x) < min(y) || max(y) < min(x);
  }

  private Verdict verdict() {
    int n = pairs.size();
    boolean[] ll1 = new boolean[n];
    boolean everyChoiceLl1 = true;
    for (int i = 0; i < n; i++) {
      ll1[i] = stronglyLl1(i);
      if (ll1[i]) continue;
      everyChoiceLl1 = false;
      List<Production> ps = productions.get(i);
      for (int x = 0; x < ps.size(); x++)
        for (int y = x + 1; y < ps.size(); y++) {
          if (!live(i, ps.get(x)) || !live(i, ps.get(y))) continue;
          Production a = ps.get(x);
          Production b = ps.get(y);
          boolean apart = !(nullable(a) && nullable(b)) && !lookahead(i, a).intersects(lookahead(i, b)) || toldApart(a, b);
          if (!apart)
            return new Verdict(false, "in rule " + ruleName(i) + ", alternatives " + (a.transition() + 1) + " and " + (b.transition() + 1) + " of a choice" + where(i)
                + " may derive the same word (both "
                + overlap(a, b) + "), and no finer check separates them");
        }
    }
    // Horizontal: each call's callee and rest must split every word one way.
    int[] allLl1Below = new int[n]; // 0 unknown, 1 yes, 2 no
    for (int i = 0; i < n; i++)
      for (Production pr : productions.get(i)) {
        if (pr.kind() != CALL || !live(i, pr)) continue;
        boolean oneLength = minLength[pr.a()] == maxLength[pr.a()] || minLength[pr.b()] == maxLength[pr.b()];
        if (oneLength) continue;
        if (allLl1Below[pr.a()] == 0) allLl1Below[pr.a()] = everyChoiceLl1From(pr.a(), ll1) ? 1 : 2;
        if (allLl1Below[pr.a()] == 1) continue;
        String callee = rule.ruleName(atn.states.get(pairs.state(pr.a())).ruleIndex);
        return new Verdict(false, "in rule " + ruleName(i) + ", a word of " + callee + " followed by the rest of " + ruleName(i)
            + " may split in more than one place" + where(i) + " (" + callee + " has a choice that one token of lookahead does not decide, and words of several lengths)");
      }
    return new Verdict(true, everyChoiceLl1
        ? "every choice is decided by one token of lookahead (strong LL(1))"
        : "alternatives told apart by lookahead, first or last tokens or lengths, and every rule call splits its words one way");
  }

  /** Whether every choice reachable from the pair (inside the rule it starts, and its callees) is strong LL(1). */
  private boolean everyChoiceLl1From(int start, boolean[] ll1) {
    boolean[] seen = new boolean[pairs.size()];
    ArrayDeque<Integer> work = new ArrayDeque<>(List.of(start));
    seen[start] = true;
    while (!work.isEmpty()) {
      int i = work.pop();
      if (!ll1[i]) return false;
      for (Production pr : productions.get(i))
        for (int j : new int[] {pr.a(), pr.b()})
          if (j >= 0 && !seen[j]) {
            seen[j] = true;
            work.push(j);
          }
    }
    return true;
  }

  private String ruleName(int pair) {
    return rule.ruleName(atn.states.get(pairs.state(pair)).ruleIndex);
  }

  private String where(int pair) {
    int p = pairs.precedence(pair);
    return " (ATN state " + pairs.state(pair) + (p == 0 ? "" : ", precedence " + p) + ")";
  }

  private String overlap(Production a, Production b) {
    List<String> says = new ArrayList<>();
    if (nullable(a) && nullable(b)) says.add("may be empty");
    BitSet f = first(a);
    f.and(first(b));
    if (!f.isEmpty()) says.add("may start with " + tokens(f));
    BitSet l = last(a);
    l.and(last(b));
    if (!l.isEmpty()) says.add("may end with " + tokens(l));
    says.add("have lengths " + range(a) + " and " + range(b));
    return String.join(", ", says);
  }

  private String range(Production pr) {
    int lo = min(pr);
    int hi = max(pr);
    return lo == hi ? String.valueOf(lo) : lo + ".." + (hi == INFINITE ? "any" : String.valueOf(hi));
  }

  private String tokens(BitSet types) {
    List<String> out = new ArrayList<>();
    types.stream().forEach(t -> out.add(rule.tokenName(t)));
    return String.join(" ", out);
  }
}
