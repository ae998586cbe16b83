package org.rulex.grammar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleStopState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;

/**
 * An exact Earley recogniser run over one rule's ATN, with its item sets interned so that a
 * parse position is a single int: two positions with equal ids accept exactly the same
 * continuations. That makes the recogniser a lazily built deterministic automaton: step it
 * token by token, ask whether it accepts, which tokens may come next, and whether any
 * continuation exists (viable prefix). ANTLR's own error position is not exact; this is.
 *
 * <p>A state keeps only what its future needs: the items that can scan a token, each with its
 * frame, what follows once the item's rule finishes. A frame is interned by its content (the
 * items its rule returns to, closed over empty moves and further returns, each with its own
 * frame), never by the position where the rule was entered. So prefixes that differ only in how
 * they got where they are share a state: after "a" and after "aab" a counter of a's over b's
 * holds the same frames, and a conjunction of counting rules has polynomially many states.
 * Only live states (states that can still reach the end of their rule) are ever added, so a
 * state is non-empty exactly when the prefix can be completed. Not thread-safe: one instance
 * per user.
 */
public final class ParseStates implements PrefixStates {
  /** Tags items whose rule was entered in the set being built; their frame is known once it is closed. */
  private static final int SELF = -1;
  /** No item has this tag: the augmented top rule ends by scanning EOF, never by finishing. */
  private static final int NO_TOP = -2;
  /** The frame with nothing in it: what follows the augmented top rule. */
  private static final int NOTHING = 0;

  private final GrammarRule rule;
  private final ATN atn;
  /** sets.get(id): the state's items that can scan, each (ATN state, precedence, frame). */
  private final List<long[]> sets = new ArrayList<>();
  private final Map<ArrayKey, Integer> ids = new HashMap<>();
  /** frames.get(f): the items a finished rule returns to, each (ATN state, precedence, frame); interned by content. */
  private final List<long[]> frames = new ArrayList<>();
  private final Map<ArrayKey, Integer> frameIds = new HashMap<>();
  /** Frames of sets where rules call each other before any token (never by ANTLR's rules, kept sound): by the whole set. */
  private final Map<ArrayKey, Integer> cyclicFrameIds = new HashMap<>();
  private final Map<Long, Integer> steps = new HashMap<>();
  /** scans[s]: ATN state s has a token transition to a live state. */
  private final boolean[] scans;
  private final int initial;
  private final int limit;
  /** The set being closed (reused from step to step). */
  private final EarleyItems building;

  public ParseStates(GrammarRule rule) {
    this(rule, 2_000_000);
  }

  /** @param limit the most states to keep before {@link StateLimitException} is thrown */
  public ParseStates(GrammarRule rule, int limit) {
    this.rule = rule;
    this.atn = rule.atn();
    this.limit = limit;
    this.scans = new boolean[atn.states.size()];
    for (ATNState st : atn.states) {
      if (st == null) continue;
      int[][] labels = rule.scanLabels[st.stateNumber];
      for (int i = 0; labels != null && i < labels.length; i++)
        if (labels[i] != null && rule.live[st.transition(i).target.stateNumber]) scans[st.stateNumber] = true;
    }
    sets.add(new long[0]);
    ids.put(new ArrayKey(new long[0]), DEAD);
    frames.add(new long[0]);
    frameIds.put(new ArrayKey(new long[0]), NOTHING);
    this.building = new EarleyItems(rule);
    ATNState start = atn.ruleToStartState[rule.acceptRuleIndex()];
    building.clear();
    building.add(item(start.stateNumber, 0, SELF));
    this.initial = closure();
  }

  public GrammarRule rule() {
    return rule;
  }

  /** The state before any token. */
  @Override
  public int initial() {
    return initial;
  }

  /** Number of distinct states built so far. */
  public int size() {
    return sets.size();
  }

  /** Number of distinct frames built so far (what follows a rule's end). */
  public int frames() {
    return frames.size();
  }

  /** The state after one more token (a vocabulary id). DEAD once no continuation exists. */
  @Override
  public int step(int state, int id) {
    if (state == DEAD) return DEAD;
    int type = rule.type(id);
    if (type == 0) return DEAD;
    long key = ((long) state << 20) | type;
    Integer next = steps.get(key);
    if (next == null) {
      next = scan(state, type);
      steps.put(key, next);
    }
    return next;
  }

  /** Whether the tokens read so far form a whole word of the rule. */
  @Override
  public boolean accepts(int state) {
    if (state == DEAD) return false;
    for (long it : sets.get(state)) {
      int s = state(it);
      int[][] labels = rule.scanLabels[s];
      ATNState st = atn.states.get(s);
      for (int i = 0; i < labels.length; i++)
        if (labels[i] != null && Arrays.binarySearch(labels[i], Token.EOF) >= 0 && rule.live[st.transition(i).target.stateNumber]) return true;
    }
    return false;
  }

  /** The vocabulary ids that may come next, in increasing order, EOS included when the word may end. */
  public int[] nextIds(int state) {
    if (state == DEAD) return new int[0];
    TreeSet<Integer> out = new TreeSet<>();
    for (long it : sets.get(state)) {
      int s = state(it);
      int[][] labels = rule.scanLabels[s];
      ATNState st = atn.states.get(s);
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == null || !rule.live[st.transition(i).target.stateNumber]) continue;
        for (int type : labels[i]) out.add(rule.id(type));
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  // ---------------------------------------------------------------- shortest completions

  private final Map<Long, Integer> shortestMemo = new HashMap<>();
  private final Map<Long, int[]> itemMemo = new HashMap<>();
  private final Map<Integer, int[]> frameMemo = new HashMap<>();
  private final Set<Long> inProgress = new HashSet<>();

  /**
   * Fewest more tokens that complete the state into a word of the rule that an automaton also
   * accepts, the automaton being in state q now ({@link BarHillel#NEVER} or more when none).
   * Needs the Bar-Hillel product of this rule with that automaton; memoised, since interned
   * states and frames never change. Lets a product of several rules drop states that cannot
   * finish in time.
   */
  public int shortestCompletion(int state, int q, BarHillel product) {
    if (state == DEAD || q == Dfa.DEAD) return BarHillel.NEVER;
    long key = ((long) state << 20) | q;
    Integer known = shortestMemo.get(key);
    if (known != null) return known;
    int best = BarHillel.NEVER;
    for (long it : sets.get(state)) best = Math.min(best, itemCost(it, q, product));
    shortestMemo.put(key, best);
    return best;
  }

  /** Fewest tokens from an item to the end of the word, the automaton in q. */
  private int itemCost(long it, int q, BarHillel product) {
    int s = state(it);
    int p = prec(it);
    ATNState st = atn.states.get(s);
    Dfa dfa = product.dfa();
    if (st.ruleIndex == rule.acceptRuleIndex()) {
      // The augmented top rule: either x is still to come, or only EOF is left.
      int best = BarHillel.NEVER;
      for (int i = 0; i < st.getNumberOfTransitions(); i++) {
        Transition t = st.transition(i);
        if (t instanceof RuleTransition rt) {
          for (int qo = 0; qo < product.states(); qo++)
            if (dfa.accepting()[qo]) best = Math.min(best, product.shortest(rt.target.stateNumber, rt.precedence, q, qo));
        } else if (!t.isEpsilon() && dfa.accepting()[q]) {
          best = 0;
        }
      }
      return best;
    }
    int[] memo = itemMemo.computeIfAbsent(it, k -> unknown(product.states()));
    if (memo[q] >= 0) return memo[q];
    long busy = it * 31 + q;
    if (!inProgress.add(busy)) return BarHillel.NEVER; // a cycle never makes a completion shorter
    int best = BarHillel.NEVER;
    for (int qo = 0; qo < product.states(); qo++) {
      int inner = product.shortest(s, p, q, qo);
      if (inner >= BarHillel.NEVER) continue;
      best = Math.min(best, inner + frameCost(origin(it), qo, product));
    }
    inProgress.remove(busy);
    memo[q] = best;
    return best;
  }

  /** Fewest tokens after a rule with frame f has finished, the automaton in q. */
  private int frameCost(int f, int q, BarHillel product) {
    int[] memo = frameMemo.computeIfAbsent(f, k -> unknown(product.states()));
    if (memo[q] >= 0) return memo[q];
    int best = BarHillel.NEVER;
    for (long it : frames.get(f)) best = Math.min(best, itemCost(it, q, product));
    memo[q] = best;
    return best;
  }

  private static int[] unknown(int n) {
    int[] a = new int[n];
    Arrays.fill(a, -1);
    return a;
  }

  private int scan(int state, int type) {
    building.clear();
    for (long it : sets.get(state)) {
      int s = state(it);
      int[][] labels = rule.scanLabels[s];
      ATNState st = atn.states.get(s);
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == null || Arrays.binarySearch(labels[i], type) < 0) continue;
        building.add(item(st.transition(i).target.stateNumber, prec(it), origin(it)));
      }
    }
    return building.size() == 0 ? DEAD : closure();
  }

  /**
   * Earley prediction and completion to a fixpoint from the items added so far (a rule entered
   * in an earlier set goes on with its frame's items), then the frames of the rules entered
   * here, then interning the items that can scan, each with its frame.
   */
  private int closure() {
    building.close(SELF, NO_TOP, (f, r, p, items) -> {
      for (long it : frames.get(f)) items.add(it);
    });
    Map<Long, Integer> local = localFrames();
    List<Long> kept = new ArrayList<>();
    for (int j = 0; j < building.size(); j++) {
      long it = building.get(j);
      int s = state(it);
      if (!scans[s]) continue;
      int f = origin(it) == SELF ? local.get(EarleyItems.ruleKey(atn.states.get(s).ruleIndex, prec(it))) : origin(it);
      kept.add(item(s, prec(it), f));
    }
    long[] arr = kept.stream().mapToLong(Long::longValue).sorted().toArray();
    if (arr.length == 0) return DEAD;
    ArrayKey key = new ArrayKey(arr);
    Integer id = ids.get(key);
    if (id != null) return id;
    if (sets.size() >= limit) throw new StateLimitException(rule.name(), limit);
    id = sets.size();
    sets.add(arr);
    ids.put(key, id);
    return id;
  }

  /**
   * The frame of each rule entered in the set just closed, by (rule, precedence): the items that
   * wait on it here, advanced past the call. A waiting item entered here itself takes its own
   * rule's frame, so frames are resolved callee first; rules entered here calling each other in
   * a cycle (left recursion, which ANTLR rewrites away) get frames keyed by the whole set.
   */
  private Map<Long, Integer> localFrames() {
    Map<Long, List<Long>> waiting = new HashMap<>();
    Set<Long> entered = new HashSet<>();
    for (int j = 0; j < building.size(); j++) {
      long w = building.get(j);
      ATNState ws = atn.states.get(state(w));
      if (origin(w) == SELF) entered.add(EarleyItems.ruleKey(ws.ruleIndex, prec(w)));
      for (int i = 0; i < ws.getNumberOfTransitions(); i++)
        if (ws.transition(i) instanceof RuleTransition rt && rule.productive[rt.target.ruleIndex] && rule.live[rt.followState.stateNumber])
          waiting.computeIfAbsent(EarleyItems.ruleKey(rt.target.ruleIndex, rt.precedence), k -> new ArrayList<>()).add(item(rt.followState.stateNumber, prec(w), origin(w)));
    }
    Map<Long, Integer> local = new HashMap<>();
    try {
      for (long k : entered) resolve(k, waiting, local, new HashSet<>());
    } catch (CyclicFrames e) {
      return cyclicFrames(entered, waiting);
    }
    return local;
  }

  /** Thrown when rules entered in one set wait on each other. */
  private static final class CyclicFrames extends RuntimeException {
    CyclicFrames() {
      super(null, null, false, false);
    }
  }

  private int resolve(long key, Map<Long, List<Long>> waiting, Map<Long, Integer> local, Set<Long> busy) {
    Integer known = local.get(key);
    if (known != null) return known;
    if (!busy.add(key)) throw new CyclicFrames();
    List<Long> after = new ArrayList<>();
    for (long it : waiting.getOrDefault(key, List.of()))
      after.add(origin(it) == SELF ? item(state(it), prec(it), resolve(EarleyItems.ruleKey(atn.states.get(state(it)).ruleIndex, prec(it)), waiting, local, busy)) : it);
    busy.remove(key);
    int f = internFrame(frameClosure(after));
    local.put(key, f);
    return f;
  }

  /** Frames for a set whose entered rules wait on each other: keyed by the whole set and the rule, filled after every id is known. */
  private Map<Long, Integer> cyclicFrames(Set<Long> entered, Map<Long, List<Long>> waiting) {
    long[] whole = building.toArray();
    Arrays.sort(whole);
    Map<Long, Integer> local = new HashMap<>();
    List<Long> fresh = new ArrayList<>();
    for (long k : entered) {
      long[] key = Arrays.copyOf(whole, whole.length + 1);
      key[whole.length] = k;
      Integer f = cyclicFrameIds.get(new ArrayKey(key));
      if (f == null) {
        f = frames.size();
        frames.add(null);
        cyclicFrameIds.put(new ArrayKey(key), f);
        fresh.add(k);
      }
      local.put(k, f);
    }
    for (long k : fresh) {
      List<Long> after = new ArrayList<>();
      for (long it : waiting.getOrDefault(k, List.of()))
        after.add(origin(it) == SELF ? item(state(it), prec(it), local.get(EarleyItems.ruleKey(atn.states.get(state(it)).ruleIndex, prec(it)))) : it);
      frames.set(local.get(k), frameClosure(after));
    }
    return local;
  }

  /**
   * The items after a return, closed over empty moves and over the returns of rules that finish
   * at once (their frames' items, already closed), kept where they scan or call a rule: the same
   * closure the items would get in any set, without the history of how they were reached.
   */
  private long[] frameClosure(List<Long> after) {
    Set<Long> seen = new HashSet<>();
    ArrayDeque<Long> work = new ArrayDeque<>();
    TreeSet<Long> kept = new TreeSet<>();
    for (long it : after) if (rule.live[state(it)] && seen.add(it)) work.push(it);
    while (!work.isEmpty()) {
      long it = work.pop();
      ATNState st = atn.states.get(state(it));
      if (st instanceof RuleStopState) {
        for (long x : frames.get(origin(it))) if (seen.add(x)) work.push(x);
        continue;
      }
      if (rule.hasFuture[st.stateNumber]) kept.add(it);
      for (int i = 0; i < st.getNumberOfTransitions(); i++) {
        Transition t = st.transition(i);
        if (t.isEpsilon() && !(t instanceof RuleTransition) && GrammarRule.passes(t, prec(it)) && rule.live[t.target.stateNumber]) {
          long next = item(t.target.stateNumber, prec(it), origin(it));
          if (seen.add(next)) work.push(next);
        }
      }
    }
    return kept.stream().mapToLong(Long::longValue).toArray();
  }

  private int internFrame(long[] content) {
    ArrayKey key = new ArrayKey(content);
    Integer f = frameIds.get(key);
    if (f != null) return f;
    f = frames.size();
    frames.add(content);
    frameIds.put(key, f);
    return f;
  }

  // An item's origin is its frame, or SELF while the set its rule was entered in is being built.
  private static long item(int state, int prec, int origin) {
    return EarleyItems.item(state, prec, origin);
  }

  private static int state(long it) {
    return EarleyItems.state(it);
  }

  private static int prec(long it) {
    return EarleyItems.prec(it);
  }

  private static int origin(long it) {
    return EarleyItems.origin(it);
  }
}
