package org.rulex.grammar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * Recognises regular rules and compiles them to minimal automata. A rule is taken as regular
 * when no rule it reaches calls itself, directly or indirectly (ANTLR's depth-bounded rules):
 * then every call can be inlined, the call stack has a bounded height, and the subset
 * construction over (ATN state, call stack) terminates.
 */
public final class RegularRuleCompiler {
  /** Automaton states the subset construction may build before the rule is treated as context-free. */
  public static final int STATE_LIMIT = 20_000;

  private RegularRuleCompiler() {}

  /** Whether no rule reachable from this one is recursive. */
  public static boolean isRegular(GrammarRule rule) {
    ATN atn = rule.atn();
    int rules = atn.ruleToStartState.length;
    List<BitSet> calls = new ArrayList<>();
    for (int r = 0; r < rules; r++) calls.add(new BitSet());
    for (ATNState s : atn.states) {
      if (s == null) continue;
      for (int i = 0; i < s.getNumberOfTransitions(); i++)
        if (s.transition(i) instanceof RuleTransition rt && rule.productive[rt.target.ruleIndex]) calls.get(s.ruleIndex).set(rt.target.ruleIndex);
    }
    // Depth-first search for a cycle among the rules reachable from the rule.
    int[] colour = new int[rules];
    return !cycle(rule.ruleIndex(), calls, colour);
  }

  private static boolean cycle(int r, List<BitSet> calls, int[] colour) {
    colour[r] = 1;
    for (int c = calls.get(r).nextSetBit(0); c >= 0; c = calls.get(r).nextSetBit(c + 1)) {
      if (colour[c] == 1) return true;
      if (colour[c] == 0 && cycle(c, calls, colour)) return true;
    }
    colour[r] = 2;
    return false;
  }

  /** The rule's minimal automaton over the alphabet, or empty when the rule is recursive or too large. */
  public static Optional<Dfa> compile(GrammarRule rule, int[] symbols) {
    if (!rule.isProductive()) return Optional.of(Dfa.empty(symbols));
    if (!isRegular(rule)) return Optional.empty();
    return new Construction(rule, symbols).run();
  }

  /** The subset construction; a configuration is (ATN state, call stack), the stack interned. */
  private static final class Construction {
    private final GrammarRule rule;
    private final ATN atn;
    private final int[] symbols;
    /** stacks.get(i) = {follow state, parent stack}; stack 0 is the empty stack. */
    private final List<int[]> stacks = new ArrayList<>();
    private final Map<Long, Integer> stackIds = new HashMap<>();
    private final Map<ArrayKey, Integer> ids = new HashMap<>();
    private final List<long[]> sets = new ArrayList<>();
    private final List<Boolean> accepting = new ArrayList<>();

    Construction(GrammarRule rule, int[] symbols) {
      this.rule = rule;
      this.atn = rule.atn();
      this.symbols = symbols;
      stacks.add(new int[] {-1, -1});
    }

    Optional<Dfa> run() {
      int width = Arrays.stream(symbols).max().orElse(0) + 1;
      List<int[]> rows = new ArrayList<>();
      int start = intern(closure(List.of(config(atn.ruleToStartState[rule.ruleIndex()].stateNumber, 0))));
      for (int q = 0; q < sets.size(); q++) {
        if (sets.size() > STATE_LIMIT) return Optional.empty();
        int[] row = new int[width];
        Arrays.fill(row, Dfa.DEAD);
        for (int id : symbols) {
          int type = rule.type(id);
          if (type == 0) continue;
          List<Long> kernel = new ArrayList<>();
          for (long c : sets.get(q)) {
            ATNState s = atn.states.get(state(c));
            int[][] labels = rule.scanLabels[s.stateNumber];
            for (int i = 0; i < labels.length; i++)
              if (labels[i] != null && Arrays.binarySearch(labels[i], type) >= 0) kernel.add(config(s.transition(i).target.stateNumber, stack(c)));
          }
          if (!kernel.isEmpty()) row[id] = intern(closure(kernel));
        }
        rows.add(row);
      }
      boolean[] acc = new boolean[accepting.size()];
      for (int i = 0; i < acc.length; i++) acc[i] = accepting.get(i);
      return Optional.of(Dfa.minimise(rows.toArray(int[][]::new), acc, start, symbols));
    }

    /** Epsilon closure: enter called rules with a pushed return, leave finished ones by popping. */
    private long[] closure(List<Long> kernel) {
      TreeSet<Long> seen = new TreeSet<>();
      ArrayDeque<Long> work = new ArrayDeque<>();
      for (long k : kernel) if (rule.live[state(k)] && seen.add(k)) work.push(k);
      boolean accepts = false;
      while (!work.isEmpty()) {
        long c = work.pop();
        ATNState s = atn.states.get(state(c));
        List<Long> out = new ArrayList<>();
        if (s instanceof RuleStopState) {
          if (stack(c) == 0) accepts = true;
          else out.add(config(stacks.get(stack(c))[0], stacks.get(stack(c))[1]));
        } else {
          for (int i = 0; i < s.getNumberOfTransitions(); i++) {
            Transition t = s.transition(i);
            if (t instanceof RuleTransition rt) {
              if (rule.productive[rt.target.ruleIndex] && rule.live[rt.followState.stateNumber])
                out.add(config(rt.target.stateNumber, push(rt.followState.stateNumber, stack(c))));
            } else if (t.isEpsilon() && GrammarRule.passes(t, 0)) {
              out.add(config(t.target.stateNumber, stack(c)));
            }
          }
        }
        for (long o : out) if (rule.live[state(o)] && seen.add(o)) work.push(o);
      }
      // Keep only configurations that can scan: they alone decide the future (plus acceptance).
      long[] scanning = seen.stream().mapToLong(Long::longValue).filter(c -> scans(state(c))).toArray();
      long[] key = Arrays.copyOf(scanning, scanning.length + 1);
      key[scanning.length] = accepts ? 1 : 0;
      return key;
    }

    private boolean scans(int s) {
      int[][] labels = rule.scanLabels[s];
      if (labels == null) return false;
      for (int[] l : labels) if (l != null && l.length > 0) return true;
      return false;
    }

    private int intern(long[] keyed) {
      ArrayKey k = new ArrayKey(keyed);
      Integer id = ids.get(k);
      if (id != null) return id;
      id = sets.size();
      ids.put(k, id);
      sets.add(Arrays.copyOf(keyed, keyed.length - 1));
      accepting.add(keyed[keyed.length - 1] == 1);
      return id;
    }

    private int push(int follow, int parent) {
      long k = ((long) follow << 32) | parent;
      Integer id = stackIds.get(k);
      if (id == null) {
        id = stacks.size();
        stacks.add(new int[] {follow, parent});
        stackIds.put(k, id);
      }
      return id;
    }

    private static long config(int state, int stack) {
      return ((long) stack << 32) | state;
    }

    private static int state(long c) {
      return (int) (c & 0xFFFFFFFFL);
    }

    private static int stack(long c) {
      return (int) (c >>> 32);
    }
  }
}
