package org.rulex.grammar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * Where a derivation path of one rule can be: the (ATN state, precedence) pairs reachable from
 * the rule's start, numbered, so that path counts ({@link PathCounts}, {@link BarHillel}) are
 * arrays indexed by pair. Immutable.
 */
final class AtnPairs {
  private final int[] states;
  private final int[] precedences;
  /** The index of (state, 0) by state, -1 if unreachable: most pairs, looked up without hashing. */
  private final int[] atPrecedenceZero;
  private final Map<Long, Integer> others = new HashMap<>();
  private final int start;

  AtnPairs(GrammarRule rule) {
    ATN atn = rule.atn();
    Map<Long, Integer> index = new HashMap<>();
    ArrayDeque<long[]> work = new ArrayDeque<>();
    List<long[]> found = new ArrayList<>();
    this.start = add(atn.ruleToStartState[rule.ruleIndex()].stateNumber, 0, index, found, work);
    while (!work.isEmpty()) {
      long[] sp = work.pop();
      ATNState s = atn.states.get((int) sp[0]);
      int p = (int) sp[1];
      if (s instanceof RuleStopState) continue;
      for (int i = 0; i < s.getNumberOfTransitions(); i++) {
        Transition t = s.transition(i);
        if (t instanceof RuleTransition rt) {
          add(rt.target.stateNumber, rt.precedence, index, found, work);
          add(rt.followState.stateNumber, p, index, found, work);
        } else {
          add(t.target.stateNumber, p, index, found, work);
        }
      }
    }
    this.states = found.stream().mapToInt(sp -> (int) sp[0]).toArray();
    this.precedences = found.stream().mapToInt(sp -> (int) sp[1]).toArray();
    this.atPrecedenceZero = new int[atn.states.size()];
    Arrays.fill(atPrecedenceZero, -1);
    for (int i = 0; i < states.length; i++) {
      if (precedences[i] == 0) atPrecedenceZero[states[i]] = i;
      else others.put(key(states[i], precedences[i]), i);
    }
  }

  private static int add(int state, int prec, Map<Long, Integer> index, List<long[]> found, ArrayDeque<long[]> work) {
    Integer i = index.get(key(state, prec));
    if (i != null) return i;
    index.put(key(state, prec), found.size());
    long[] sp = {state, prec};
    found.add(sp);
    work.push(sp);
    return found.size() - 1;
  }

  private static long key(int state, int prec) {
    return ((long) state << 32) | prec;
  }

  /** Number of pairs. */
  int size() {
    return states.length;
  }

  /** The pair of the rule's start state at precedence 0. */
  int start() {
    return start;
  }

  int state(int pair) {
    return states[pair];
  }

  int precedence(int pair) {
    return precedences[pair];
  }

  /** The pair's index, or -1 when no path of the rule reaches it. */
  int index(int state, int prec) {
    if (prec == 0) return atPrecedenceZero[state];
    Integer i = others.get(key(state, prec));
    return i == null ? -1 : i;
  }
}
