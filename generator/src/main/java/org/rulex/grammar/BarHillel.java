package org.rulex.grammar;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * The product of one context-free rule with a deterministic automaton (the Bar-Hillel
 * construction, done implicitly over the rule's ATN): N(state, precedence, n)[qIn][qOut] counts
 * the derivation paths from an ATN state to its rule's end that read n tokens while the automaton
 * goes from qIn to qOut. That gives, in polynomial time, exact counts of the words of a
 * context-free rule that a regular rule also accepts, uniform sampling among them (a path is a
 * word when the context-free rule is unambiguous; the automaton is deterministic, so it adds
 * no ambiguity), and the shortest completions that exact viable-prefix questions need. Not
 * thread-safe: one instance per user.
 */
public final class BarHillel {
  /** "No such path": larger than any length. */
  static final int NEVER = Integer.MAX_VALUE / 4;

  private final GrammarRule rule;
  private final ATN atn;
  private final Dfa dfa;
  private final int d;
  private final AtnPairs pairs;
  /** levels.get(n)[pair]: the d x d count matrix, row-major, null when all zero. */
  private final List<BigInteger[][]> levels = new ArrayList<>();
  /** shortest[pair][qIn * d + qOut]: fewest tokens on such a path, NEVER if none. */
  private final int[][] shortest;

  public BarHillel(GrammarRule rule, Dfa dfa) {
    this.rule = rule;
    this.atn = rule.atn();
    this.dfa = dfa;
    this.d = Math.max(dfa.size(), 1);
    this.pairs = new AtnPairs(rule);
    this.scanMoves = new int[atn.states.size()][][];
    this.shortest = shortestPaths();
  }

  private int index(int state, int prec) {
    return pairs.index(state, prec);
  }

  public GrammarRule rule() {
    return rule;
  }

  public Dfa dfa() {
    return dfa;
  }

  /** Derivation paths of words of length n that the automaton accepts (words, for an unambiguous rule). */
  public BigInteger count(int n) {
    if (dfa.start() == Dfa.DEAD) return BigInteger.ZERO;
    ensure(n);
    BigInteger[] m = levels.get(n)[pairs.start()];
    BigInteger total = BigInteger.ZERO;
    if (m == null) return total;
    for (int q = 0; q < d; q++) if (dfa.accepting()[q] && m[dfa.start() * d + q] != null) total = total.add(m[dfa.start() * d + q]);
    return total;
  }

  /** scanMoves[state][transition]: the automaton moves of a token transition, computed once. */
  private final int[][][] scanMoves;

  /**
   * The automaton moves a token transition makes, as pairs (qIn, qOut) one after the other, one
   * pair per symbol it can scan and automaton state that reads it: the product's scan step, for
   * the shortest paths and the counts alike.
   */
  private int[] moves(ATNState s, int t) {
    int[][] row = scanMoves[s.stateNumber];
    if (row == null) row = scanMoves[s.stateNumber] = new int[s.getNumberOfTransitions()][];
    if (row[t] == null) {
      List<Integer> mv = new ArrayList<>();
      for (int type : rule.scanLabels[s.stateNumber][t]) {
        if (type <= 0) continue;
        for (int qi = 0; qi < d; qi++) {
          int qn = dfa.step(qi, rule.id(type));
          if (qn == Dfa.DEAD) continue;
          mv.add(qi);
          mv.add(qn);
        }
      }
      row[t] = mv.stream().mapToInt(Integer::intValue).toArray();
    }
    return row[t];
  }

  // ---------------------------------------------------------------- shortest paths (min-plus)

  /** Fewest tokens from an ATN state (in a rule entered at precedence prec) to its rule's end, taking the automaton from qIn to qOut. */
  int shortest(int state, int prec, int qIn, int qOut) {
    int i = index(state, prec);
    return i < 0 ? NEVER : shortest[i][qIn * d + qOut];
  }

  int states() {
    return d;
  }

  /** Least fixpoint of the min-plus equations; values only fall, so plain iteration terminates. */
  private int[][] shortestPaths() {
    int[][] m = new int[pairs.size()][d * d];
    for (int[] row : m) Arrays.fill(row, NEVER);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < pairs.size(); i++) {
        ATNState s = atn.states.get(pairs.state(i));
        int p = pairs.precedence(i);
        int[] cur = m[i];
        if (s instanceof RuleStopState) {
          for (int q = 0; q < d; q++) if (cur[q * d + q] != 0) {
            cur[q * d + q] = 0;
            changed = true;
          }
          continue;
        }
        if (!rule.live[s.stateNumber]) continue;
        for (int t = 0; t < s.getNumberOfTransitions(); t++) {
          Transition tr = s.transition(t);
          if (tr instanceof RuleTransition rt) {
            if (!rule.productive[rt.target.ruleIndex]) continue;
            int a = index(rt.target.stateNumber, rt.precedence);
            int b = index(rt.followState.stateNumber, p);
            for (int qi = 0; qi < d; qi++)
              for (int qm = 0; qm < d; qm++) {
                int x = m[a][qi * d + qm];
                if (x >= NEVER) continue;
                for (int qo = 0; qo < d; qo++) {
                  int y = m[b][qm * d + qo];
                  if (y < NEVER && x + y < cur[qi * d + qo]) {
                    cur[qi * d + qo] = x + y;
                    changed = true;
                  }
                }
              }
          } else if (tr.isEpsilon()) {
            if (!GrammarRule.passes(tr, p)) continue;
            int[] o = m[index(tr.target.stateNumber, p)];
            for (int k = 0; k < d * d; k++) if (o[k] < cur[k]) {
              cur[k] = o[k];
              changed = true;
            }
          } else {
            int[] o = m[index(tr.target.stateNumber, p)];
            int[] mv = moves(s, t);
            for (int j = 0; j < mv.length; j += 2) {
              int qi = mv[j];
              int qn = mv[j + 1];
              for (int qo = 0; qo < d; qo++) {
                int y = o[qn * d + qo];
                if (y < NEVER && y + 1 < cur[qi * d + qo]) {
                  cur[qi * d + qo] = y + 1;
                  changed = true;
                }
              }
            }
          }
        }
      }
    }
    return m;
  }

  // ---------------------------------------------------------------- counts, level by level

  private void ensure(int n) {
    while (levels.size() <= n) {
      int level = levels.size();
      BigInteger[][] row = new BigInteger[pairs.size()][];
      levels.add(row);
      boolean[] done = new boolean[pairs.size()];
      boolean[] inProgress = new boolean[pairs.size()];
      for (int i = 0; i < pairs.size(); i++) value(i, level, row, done, inProgress);
    }
  }

  private BigInteger[] get(int state, int prec, int n) {
    int i = index(state, prec);
    return i < 0 ? null : levels.get(n)[i];
  }

  private BigInteger[] value(int i, int n, BigInteger[][] row, boolean[] done, boolean[] inProgress) {
    if (done[i]) return row[i];
    if (inProgress[i])
      throw new GrammarException(List.of(Diagnostic.error(rule.fileName(), 0, 0,
          "rule " + rule.name() + " can derive the same words through a cycle of empty derivations; its words cannot be counted")));
    inProgress[i] = true;
    ATNState s = atn.states.get(pairs.state(i));
    int p = pairs.precedence(i);
    BigInteger[] total = null;
    if (s instanceof RuleStopState) {
      if (n == 0) {
        total = new BigInteger[d * d];
        for (int q = 0; q < d; q++) total[q * d + q] = BigInteger.ONE;
      }
    } else if (rule.live[s.stateNumber]) {
      for (int t = 0; t < s.getNumberOfTransitions(); t++) total = add(total, transition(s, t, p, n, row, done, inProgress));
    }
    inProgress[i] = false;
    done[i] = true;
    row[i] = total;
    return total;
  }

  private BigInteger[] sameLevel(int state, int prec, int n, BigInteger[][] row, boolean[] done, boolean[] inProgress) {
    int i = index(state, prec);
    return i < 0 ? null : value(i, n, row, done, inProgress);
  }

  /** Count matrix of the paths that leave s through transition t and read n tokens to the rule's end. */
  private BigInteger[] transition(ATNState s, int t, int p, int n, BigInteger[][] row, boolean[] done, boolean[] inProgress) {
    Transition tr = s.transition(t);
    if (tr instanceof RuleTransition rt) {
      if (!rule.productive[rt.target.ruleIndex]) return null;
      BigInteger[] sum = null;
      for (int k = 0; k <= n; k++) {
        BigInteger[] inner = k == n ? sameLevel(rt.target.stateNumber, rt.precedence, n, row, done, inProgress) : get(rt.target.stateNumber, rt.precedence, k);
        if (inner == null) continue;
        BigInteger[] outer = k == 0 ? sameLevel(rt.followState.stateNumber, p, n, row, done, inProgress) : get(rt.followState.stateNumber, p, n - k);
        if (outer == null) continue;
        sum = add(sum, multiply(inner, outer));
      }
      return sum;
    }
    if (tr.isEpsilon()) return GrammarRule.passes(tr, p) ? sameLevel(tr.target.stateNumber, p, n, row, done, inProgress) : null;
    if (n == 0) return null;
    BigInteger[] after = get(tr.target.stateNumber, p, n - 1);
    if (after == null) return null;
    BigInteger[] out = null;
    int[] mv = moves(s, t);
    for (int j = 0; j < mv.length; j += 2) {
      int qi = mv[j];
      int qn = mv[j + 1];
      for (int qo = 0; qo < d; qo++) {
        BigInteger c = after[qn * d + qo];
        if (c == null) continue;
        if (out == null) out = new BigInteger[d * d];
        out[qi * d + qo] = out[qi * d + qo] == null ? c : out[qi * d + qo].add(c);
      }
    }
    return out;
  }

  private BigInteger[] add(BigInteger[] a, BigInteger[] b) {
    if (b == null) return a;
    if (a == null) return b.clone();
    for (int k = 0; k < a.length; k++) if (b[k] != null) a[k] = a[k] == null ? b[k] : a[k].add(b[k]);
    return a;
  }

  private BigInteger[] multiply(BigInteger[] a, BigInteger[] b) {
    BigInteger[] out = null;
    for (int qi = 0; qi < d; qi++)
      for (int qm = 0; qm < d; qm++) {
        BigInteger x = a[qi * d + qm];
        if (x == null) continue;
        for (int qo = 0; qo < d; qo++) {
          BigInteger y = b[qm * d + qo];
          if (y == null) continue;
          if (out == null) out = new BigInteger[d * d];
          BigInteger xy = x.multiply(y);
          out[qi * d + qo] = out[qi * d + qo] == null ? xy : out[qi * d + qo].add(xy);
        }
      }
    return out;
  }

  private BigInteger at(BigInteger[] m, int qi, int qo) {
    if (m == null) return BigInteger.ZERO;
    BigInteger c = m[qi * d + qo];
    return c == null ? BigInteger.ZERO : c;
  }

  // ---------------------------------------------------------------- uniform sampling

  /**
   * Draws one derivation path of length n uniformly among those the automaton accepts and
   * returns its word (vocabulary ids).
   *
   * @throws IllegalArgumentException if there is none
   */
  public int[] sample(int n, SplittableRandom random) {
    BigInteger total = count(n);
    if (total.signum() == 0) throw new IllegalArgumentException("rule " + rule.name() + " has no word of length " + n + " in the product");
    int state = atn.ruleToStartState[rule.ruleIndex()].stateNumber;
    int q = dfa.start();
    BigInteger pick = PathCounts.uniformBelow(total, random);
    int target = -1;
    BigInteger[] m = levels.get(n)[pairs.start()];
    for (int qo = 0; qo < d; qo++) {
      if (!dfa.accepting()[qo]) continue;
      BigInteger c = at(m, q, qo);
      if (pick.compareTo(c) < 0) {
        target = qo;
        break;
      }
      pick = pick.subtract(c);
    }
    int[] out = new int[n];
    int pos = 0;
    int prec = 0;
    int left = n;
    ArrayDeque<int[]> returns = new ArrayDeque<>(); // {follow state, precedence, tokens left, target}
    while (true) {
      ATNState s = atn.states.get(state);
      if (s instanceof RuleStopState) {
        if (returns.isEmpty()) break;
        int[] r = returns.pop();
        state = r[0];
        prec = r[1];
        left = r[2];
        target = r[3];
        continue;
      }
      pick = PathCounts.uniformBelow(at(get(state, prec, left), q, target), random);
      boolean moved = false;
      for (int t = 0; t < s.getNumberOfTransitions() && !moved; t++) {
        Transition tr = s.transition(t);
        if (tr instanceof RuleTransition rt) {
          if (!rule.productive[rt.target.ruleIndex]) continue;
          int callee = index(rt.target.stateNumber, rt.precedence);
          int after = index(rt.followState.stateNumber, prec);
          if (callee < 0 || after < 0) continue;
          for (int k = 0; k <= left && !moved; k++) {
            BigInteger[] inner = levels.get(k)[callee];
            if (inner == null) continue;
            // Most splits of the length are impossible (a palindrome's call leaves one token after it): skip them before any product.
            BigInteger[] outer = levels.get(left - k)[after];
            if (outer == null) continue;
            for (int qm = 0; qm < d; qm++) {
              BigInteger c = at(inner, q, qm).multiply(at(outer, qm, target));
              if (pick.compareTo(c) < 0) {
                returns.push(new int[] {rt.followState.stateNumber, prec, left - k, target});
                state = rt.target.stateNumber;
                prec = rt.precedence;
                left = k;
                target = qm;
                moved = true;
                break;
              }
              pick = pick.subtract(c);
            }
          }
        } else if (tr.isEpsilon()) {
          BigInteger c = GrammarRule.passes(tr, prec) ? at(get(tr.target.stateNumber, prec, left), q, target) : BigInteger.ZERO;
          if (pick.compareTo(c) < 0) {
            state = tr.target.stateNumber;
            moved = true;
          } else {
            pick = pick.subtract(c);
          }
        } else if (left > 0) {
          BigInteger[] after = get(tr.target.stateNumber, prec, left - 1);
          for (int type : rule.scanLabels[s.stateNumber][t]) {
            if (type <= 0) continue;
            int id = rule.id(type);
            int qn = dfa.step(q, id);
            if (qn == Dfa.DEAD) continue;
            BigInteger c = at(after, qn, target);
            if (pick.compareTo(c) < 0) {
              out[pos++] = id;
              state = tr.target.stateNumber;
              q = qn;
              left--;
              moved = true;
              break;
            }
            pick = pick.subtract(c);
          }
        }
      }
      if (!moved) throw new IllegalStateException("product counts are inconsistent at ATN state " + state);
    }
    return out;
  }
}
