package org.rulex.grammar;

import java.util.Arrays;
import java.util.BitSet;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.PrecedencePredicateTransition;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * One parser rule of one grammar file, as a set of whole words: membership by ANTLR's
 * interpreter, and the static facts about its ATN that the exact engines need (which states
 * can still reach the end of their rule, which tokens each state can scan).
 */
public final class GrammarRule {
  private final String name;
  private final CompiledGrammar grammar;
  private final int ruleIndex;
  private final int acceptRule;
  private final int[] typeToId;
  private final int[] idToType;
  final int maxTokenType;
  /** live[s]: from ATN state s the end of its rule can be reached by some word. */
  final boolean[] live;
  /** hasFuture[s]: state s scans a token or calls a rule, so an Earley item there matters later. */
  final boolean[] hasFuture;
  /** productive[r]: rule r derives at least one word. */
  final boolean[] productive;
  /** scanLabels[s][i]: the ANTLR token types (EOF included) transition i of state s can scan; null if epsilon. */
  final int[][][] scanLabels;

  GrammarRule(String name, CompiledGrammar grammar, int[] typeToId, int maxTokenType) {
    this.name = name;
    this.grammar = grammar;
    this.ruleIndex = grammar.ruleIndex(name);
    this.acceptRule = grammar.acceptRuleIndex(name);
    this.typeToId = typeToId;
    this.maxTokenType = maxTokenType;
    int maxId = 0;
    for (int id : typeToId) maxId = Math.max(maxId, id);
    this.idToType = new int[maxId + 1];
    Arrays.fill(idToType, 0);
    for (int t = 1; t < typeToId.length; t++) if (typeToId[t] > 0) idToType[typeToId[t]] = t;
    ATN atn = grammar.atn;
    this.scanLabels = new int[atn.states.size()][][];
    for (ATNState s : atn.states) {
      if (s == null) continue;
      int[][] labels = new int[s.getNumberOfTransitions()][];
      for (int i = 0; i < labels.length; i++) {
        Transition t = s.transition(i);
        if (t.isEpsilon()) continue;
        IntervalSet set = switch (t.getSerializationType()) {
          case Transition.NOT_SET, Transition.WILDCARD -> IntervalSet.of(1, maxTokenType).subtract(t.getSerializationType() == Transition.WILDCARD ? new IntervalSet() : t.label());
          default -> t.label();
        };
        labels[i] = set.toArray();
      }
      scanLabels[s.stateNumber] = labels;
    }
    this.hasFuture = new boolean[atn.states.size()];
    for (ATNState s : atn.states) {
      if (s == null || s instanceof RuleStopState) continue;
      for (int i = 0; i < s.getNumberOfTransitions(); i++) {
        Transition t = s.transition(i);
        if (t instanceof RuleTransition || !t.isEpsilon()) hasFuture[s.stateNumber] = true;
      }
    }
    this.productive = new boolean[atn.ruleToStartState.length];
    this.live = new boolean[atn.states.size()];
    computeLiveness(atn);
  }

  /** Least fixpoint: a state is live if some transition leads to a live state through productive rules. */
  private void computeLiveness(ATN atn) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (ATNState s : atn.states) {
        if (s == null || live[s.stateNumber]) continue;
        boolean l = s instanceof RuleStopState;
        for (int i = 0; !l && i < s.getNumberOfTransitions(); i++) {
          Transition t = s.transition(i);
          if (t instanceof RuleTransition rt) l = productive[rt.target.ruleIndex] && live[rt.followState.stateNumber];
          else if (t.isEpsilon()) l = live[t.target.stateNumber];
          else l = scanLabels[s.stateNumber][i].length > 0 && live[t.target.stateNumber];
        }
        if (l) {
          live[s.stateNumber] = true;
          changed = true;
          if (atn.ruleToStartState[s.ruleIndex] == s) productive[s.ruleIndex] = true;
        }
      }
    }
  }

  public String name() {
    return name;
  }

  public String fileName() {
    return grammar.fileName;
  }

  /** Line (1-based) and column (0-based) of the rule's definition. */
  public int[] position() {
    return grammar.rulePositions.getOrDefault(name, new int[] {0, 0});
  }

  /** The name of a rule of this rule's grammar file, by ANTLR rule index. */
  String ruleName(int ruleIndex) {
    return grammar.ruleNames.get(ruleIndex);
  }

  /** How ANTLR shows a token type ('a', or its name). */
  String tokenName(int type) {
    return grammar.tokenName(type);
  }

  private volatile Unambiguity.Verdict unambiguity;

  /**
   * Whether the rule's derivation paths are shown to be its words (no word has two), and how or
   * why not; computed once. Counting and sampling by paths rely on it.
   */
  public Unambiguity.Verdict unambiguity() {
    Unambiguity.Verdict v = unambiguity;
    if (v == null) unambiguity = v = Unambiguity.of(this);
    return v;
  }

  /** Whether the rule derives any word at all. */
  public boolean isProductive() {
    return productive[ruleIndex];
  }

  ATN atn() {
    return grammar.atn;
  }

  int ruleIndex() {
    return ruleIndex;
  }

  int acceptRuleIndex() {
    return acceptRule;
  }

  /** Whether the word (vocabulary ids) is a member, by ANTLR's interpreter. */
  public boolean accepts(int[] ids) {
    int[] types = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id >= idToType.length || idToType[id] == 0) return false;
      types[i] = idToType[id];
    }
    return grammar.parses(acceptRule, types);
  }

  /** The ANTLR token type of a vocabulary id, or 0 if the id is not a symbol. */
  int type(int id) {
    return id >= 0 && id < idToType.length ? idToType[id] : 0;
  }

  /** The vocabulary id of an ANTLR token type; EOF becomes EOS. */
  int id(int type) {
    return type == Token.EOF ? Vocabulary.EOS : typeToId[type];
  }

  /** Every alphabet symbol the rule can ever emit, as vocabulary ids. */
  BitSet emittableIds() {
    BitSet ids = new BitSet();
    ATN atn = grammar.atn;
    BitSet seenRules = new BitSet();
    java.util.ArrayDeque<Integer> rules = new java.util.ArrayDeque<>(java.util.List.of(ruleIndex));
    seenRules.set(ruleIndex);
    while (!rules.isEmpty()) {
      int r = rules.pop();
      java.util.ArrayDeque<ATNState> work = new java.util.ArrayDeque<>(java.util.List.of(atn.ruleToStartState[r]));
      BitSet seen = new BitSet();
      while (!work.isEmpty()) {
        ATNState s = work.pop();
        if (seen.get(s.stateNumber) || !live[s.stateNumber] || s instanceof RuleStopState) continue;
        seen.set(s.stateNumber);
        for (int i = 0; i < s.getNumberOfTransitions(); i++) {
          Transition t = s.transition(i);
          if (t instanceof RuleTransition rt) {
            if (!productive[rt.target.ruleIndex]) continue;
            if (!seenRules.get(rt.target.ruleIndex)) {
              seenRules.set(rt.target.ruleIndex);
              rules.push(rt.target.ruleIndex);
            }
            work.push(rt.followState);
          } else {
            if (!t.isEpsilon() && live[t.target.stateNumber])
              for (int type : scanLabels[s.stateNumber][i]) if (type > 0) ids.set(id(type));
            work.push(t.target);
          }
        }
      }
    }
    return ids;
  }

  /** Whether a precedence predicate lets the parse through at the given precedence level. */
  static boolean passes(Transition t, int precedence) {
    return !(t instanceof PrecedencePredicateTransition pp) || pp.precedence >= precedence;
  }

  @Override
  public String toString() {
    return name + " (" + grammar.fileName + ")";
  }
}
