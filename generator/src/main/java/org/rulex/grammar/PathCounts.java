package org.rulex.grammar;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * Exact counts of the derivation paths of one rule per word length, N(state, precedence, n),
 * and uniform sampling of a path of a given length by walking the ATN with each choice made in
 * proportion to its count (Hickey and Cohen 1983; McKenzie 1997). For an unambiguous grammar a
 * path is a word, so the counts are member counts and the samples are uniform over members.
 * Counts are filled level by level (n = 0, 1, ...), so recursion never goes deeper than one
 * level's empty-derivation chains. Not thread-safe: one instance per user.
 */
public final class PathCounts {
  private final GrammarRule rule;
  private final ATN atn;
  private final AtnPairs pairs;
  /** levels.get(n)[pair]: number of paths from the pair to its rule's end that read n tokens. */
  private final List<BigInteger[]> levels = new ArrayList<>();

  public PathCounts(GrammarRule rule) {
    this.rule = rule;
    this.atn = rule.atn();
    this.pairs = new AtnPairs(rule);
  }

  public GrammarRule rule() {
    return rule;
  }

  /** Number of derivation paths of words of length n (equal to the member count when the grammar is unambiguous). */
  public BigInteger count(int n) {
    ensure(n);
    return levels.get(n)[pairs.start()];
  }

  private void ensure(int n) {
    while (levels.size() <= n) {
      int level = levels.size();
      BigInteger[] row = new BigInteger[pairs.size()];
      levels.add(row);
      boolean[] inProgress = new boolean[pairs.size()];
      for (int i = 0; i < pairs.size(); i++) value(i, level, row, inProgress);
    }
  }

  private BigInteger get(int state, int prec, int n) {
    int i = pairs.index(state, prec);
    return i < 0 ? BigInteger.ZERO : levels.get(n)[i];
  }

  private BigInteger value(int i, int n, BigInteger[] row, boolean[] inProgress) {
    if (row[i] != null) return row[i];
    if (inProgress[i])
      throw new GrammarException(List.of(Diagnostic.error(rule.fileName(), 0, 0,
          "rule " + rule.name() + " can derive the same words through a cycle of empty derivations; its words cannot be counted")));
    inProgress[i] = true;
    ATNState s = atn.states.get(pairs.state(i));
    int p = pairs.precedence(i);
    BigInteger total = BigInteger.ZERO;
    if (s instanceof RuleStopState) {
      total = n == 0 ? BigInteger.ONE : BigInteger.ZERO;
    } else if (rule.live[s.stateNumber]) {
      for (int t = 0; t < s.getNumberOfTransitions(); t++) total = total.add(transitionCount(s, t, p, n, row, inProgress));
    }
    inProgress[i] = false;
    row[i] = total;
    return total;
  }

  /** Paths that leave state s through transition t and read exactly n tokens to the rule's end. */
  private BigInteger transitionCount(ATNState s, int t, int p, int n, BigInteger[] row, boolean[] inProgress) {
    Transition tr = s.transition(t);
    if (tr instanceof RuleTransition rt) {
      if (!rule.productive[rt.target.ruleIndex]) return BigInteger.ZERO;
      BigInteger sum = BigInteger.ZERO;
      for (int k = 0; k <= n; k++) {
        BigInteger inner = k == n ? sameLevel(rt.target.stateNumber, rt.precedence, n, row, inProgress) : get(rt.target.stateNumber, rt.precedence, k);
        if (inner.signum() == 0) continue;
        BigInteger outer = k == 0 ? sameLevel(rt.followState.stateNumber, p, n, row, inProgress) : get(rt.followState.stateNumber, p, n - k);
        sum = sum.add(inner.multiply(outer));
      }
      return sum;
    }
    if (tr.isEpsilon()) return GrammarRule.passes(tr, p) ? sameLevel(tr.target.stateNumber, p, n, row, inProgress) : BigInteger.ZERO;
    if (n == 0) return BigInteger.ZERO;
    int symbols = symbolLabels(s, t);
    if (symbols == 0) return BigInteger.ZERO;
    return get(tr.target.stateNumber, p, n - 1).multiply(BigInteger.valueOf(symbols));
  }

  private int symbolLabels(ATNState s, int t) {
    int c = 0;
    for (int type : rule.scanLabels[s.stateNumber][t]) if (type > 0) c++;
    return c;
  }

  private BigInteger sameLevel(int state, int prec, int n, BigInteger[] row, boolean[] inProgress) {
    int i = pairs.index(state, prec);
    return i < 0 ? BigInteger.ZERO : value(i, n, row, inProgress);
  }

  /**
   * Draws one derivation path of length n uniformly and returns its word (vocabulary ids): one
   * uniform rank below the count, then the path of that rank (a rule call's rank splits into the
   * callee's rank and the rest's, by division), so one random number a word.
   *
   * @throws IllegalArgumentException if the rule has no word of length n
   */
  public int[] sample(int n, SplittableRandom random) {
    if (count(n).signum() == 0) throw new IllegalArgumentException("rule " + rule.name() + " has no word of length " + n);
    int[] out = new int[n];
    int pos = 0;
    ArrayDeque<long[]> returns = new ArrayDeque<>();
    ArrayDeque<BigInteger> returnRanks = new ArrayDeque<>();
    int state = atn.ruleToStartState[rule.ruleIndex()].stateNumber;
    int prec = 0;
    int left = n;
    BigInteger pick = uniformBelow(count(n), random);
    while (true) {
      ATNState s = atn.states.get(state);
      if (s instanceof RuleStopState) {
        if (returns.isEmpty()) break;
        long[] r = returns.pop();
        state = (int) r[0];
        prec = (int) r[1];
        left = (int) r[2];
        pick = returnRanks.pop();
        continue;
      }
      boolean moved = false;
      for (int t = 0; t < s.getNumberOfTransitions() && !moved; t++) {
        Transition tr = s.transition(t);
        if (tr instanceof RuleTransition rt) {
          if (!rule.productive[rt.target.ruleIndex]) continue;
          BigInteger[] cumulative = splits(rt, prec, left);
          if (pick.compareTo(cumulative[left]) >= 0) {
            pick = pick.subtract(cumulative[left]);
            continue;
          }
          // The callee's length k: the first with pick < cumulative[k], by binary search.
          int lo = 0;
          int hi = left;
          while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pick.compareTo(cumulative[mid]) < 0) hi = mid;
            else lo = mid + 1;
          }
          int k = lo;
          if (k > 0) pick = pick.subtract(cumulative[k - 1]);
          BigInteger[] split = pick.divideAndRemainder(get(rt.followState.stateNumber, prec, left - k));
          returns.push(new long[] {rt.followState.stateNumber, prec, left - k});
          returnRanks.push(split[1]);
          pick = split[0];
          state = rt.target.stateNumber;
          prec = rt.precedence;
          left = k;
          moved = true;
        } else if (tr.isEpsilon()) {
          BigInteger c = GrammarRule.passes(tr, prec) ? get(tr.target.stateNumber, prec, left) : BigInteger.ZERO;
          if (pick.compareTo(c) < 0) {
            state = tr.target.stateNumber;
            moved = true;
          } else {
            pick = pick.subtract(c);
          }
        } else if (left > 0) {
          BigInteger each = get(tr.target.stateNumber, prec, left - 1);
          for (int type : rule.scanLabels[s.stateNumber][t]) {
            if (type <= 0) continue;
            if (pick.compareTo(each) < 0) {
              out[pos++] = rule.id(type);
              state = tr.target.stateNumber;
              left--;
              moved = true;
              break;
            }
            pick = pick.subtract(each);
          }
        }
      }
      if (!moved) throw new IllegalStateException("path counts are inconsistent at ATN state " + state);
    }
    return out;
  }

  private final Map<Long, BigInteger[]> splitCache = new HashMap<>();

  /** cumulative[k]: paths through the call whose callee reads at most k of the left tokens (cached: sampling asks again and again). */
  private BigInteger[] splits(RuleTransition rt, int prec, int left) {
    long key = (((long) rt.followState.stateNumber << 20 | rt.target.stateNumber) << 12 | prec) * 1031 + left;
    BigInteger[] cumulative = splitCache.get(key);
    if (cumulative != null) return cumulative;
    cumulative = new BigInteger[left + 1];
    BigInteger sum = BigInteger.ZERO;
    for (int k = 0; k <= left; k++) {
      BigInteger inner = get(rt.target.stateNumber, rt.precedence, k);
      if (inner.signum() != 0) sum = sum.add(inner.multiply(get(rt.followState.stateNumber, prec, left - k)));
      cumulative[k] = sum;
    }
    splitCache.put(key, cumulative);
    return cumulative;
  }

  /** A uniform draw from [0, bound): rejection over whole random bits, never java.util.Random. */
  static BigInteger uniformBelow(BigInteger bound, SplittableRandom random) {
    if (bound.bitLength() < 63) return BigInteger.valueOf(random.nextLong(bound.longValue()));
    int bits = bound.bitLength();
    byte[] bytes = new byte[(bits + 7) / 8 + 1];
    while (true) {
      for (int i = 1; i < bytes.length; i++) bytes[i] = (byte) random.nextInt(256);
      bytes[0] = 0;
      int excess = (bytes.length - 1) * 8 - bits;
      bytes[1] &= (byte) (0xFF >>> excess);
      BigInteger r = new BigInteger(bytes);
      if (r.compareTo(bound) < 0) return r;
    }
  }
}
