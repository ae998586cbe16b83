package org.rulex.sample;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.rulex.UserError;
import org.rulex.grammar.BarHillel;
import org.rulex.grammar.CompiledMembership;
import org.rulex.grammar.Conjunction;
import org.rulex.grammar.GrammarRule;
import org.rulex.grammar.PathCounts;
import org.rulex.grammar.RegularEngine;
import org.rulex.grammar.Rule;
import org.rulex.grammar.StateLimitException;

/**
 * Draws words of one exact length uniformly from a rule (or from a language, which is a rule).
 *
 * <p>A context-free part counts as unambiguous only when {@link GrammarRule#unambiguity()}
 * proves it; a bounded check would not do, since a rule may be ambiguous only at lengths no
 * check reached. One unambiguous grammar rule: a uniform derivation path from
 * {@link PathCounts}, which is a uniform word. Only regular parts: a uniform word of their minimal automaton. One
 * unambiguous context-free part and regular ones: a uniform path of the Bar-Hillel product
 * ({@link BarHillel}), which is a uniform word. Anything else (several context-free parts, an
 * ambiguous one): the exact product automaton ({@link Conjunction#sample}), as long as it stays
 * within a state limit. Past that limit: a uniform word of the unambiguous context-free part
 * (times the regular parts) with the fewest words at that length, kept when every other part
 * accepts it (uniform over the conjunction, since the proposal is uniform over a superset),
 * with a bounded number of attempts and a {@link UserError} naming the length when acceptance
 * collapses. Every word is re-checked by the rule's ANTLR parsers before it is returned. Not
 * thread-safe: one instance per thread.
 */
public final class RuleSampler {
  /** Parse states the exact product may build before sampling falls back to rejection. */
  public static final int DEFAULT_STATE_LIMIT = 400_000;
  /** Proposals per word before rejection sampling gives up at a length. */
  public static final int DEFAULT_ATTEMPTS = 100_000;

  /** How words of one length are drawn. */
  public enum Method { PATHS, AUTOMATON, BAR_HILLEL, EXACT_PRODUCT, REJECTION }

  private final Rule rule;
  private final CompiledMembership membership;
  private final int stateLimit;
  private final int attempts;
  /** Non-null when the rule is one unambiguous grammar rule. */
  private final PathCounts paths;
  /** Non-null when every part is regular. */
  private final RegularEngine automaton;
  /** Non-null when the rule is one unambiguous context-free part and some regular ones. */
  private final BarHillel barHillel;
  /** Non-null otherwise: several context-free parts, or an ambiguous one. */
  private final Conjunction product;
  /** Each unambiguous context-free part times the regular parts: the proposers of rejection sampling. */
  private final List<BarHillel> proposers = new ArrayList<>();
  /** The product ran out of states at this length: from here on, rejection. */
  private int productFailsAt = Integer.MAX_VALUE;
  private final Map<Integer, Optional<BigInteger>> counts = new HashMap<>();
  /** Lengths with at most {@link #ENUMERATE_BELOW} words: all of them, drawn by index. */
  private final Map<Integer, List<int[]>> enumerated = new HashMap<>();
  private Conjunction enumerator;
  /** Lengths with at most this many words are enumerated once (exact, and much faster to draw). */
  public static final int ENUMERATE_BELOW = 64;

  public RuleSampler(Rule rule) {
    this(rule, DEFAULT_STATE_LIMIT, DEFAULT_ATTEMPTS);
  }

  public RuleSampler(Rule rule, int stateLimit, int attempts) {
    this.rule = rule;
    this.membership = rule.compiledMembership();
    this.stateLimit = stateLimit;
    this.attempts = attempts;
    Rule.Shape shape = rule.shape();
    List<GrammarRule> unambiguous = shape.contextFree().stream().filter(g -> isUnambiguous(g, rule)).toList();
    for (GrammarRule g : unambiguous) proposers.add(new BarHillel(g, shape.regular()));
    PathCounts pc = null;
    RegularEngine re = null;
    BarHillel bh = null;
    Conjunction c = null;
    if (shape.contextFree().isEmpty()) {
      re = (RegularEngine) rule.engine();
    } else if (shape.contextFree().size() == 1 && unambiguous.size() == 1) {
      if (rule.isSingleGrammarRule()) pc = new PathCounts(shape.contextFree().get(0));
      else bh = proposers.get(0);
    } else if (shape.contextFree().size() == 1) {
      // One context-free part not shown unambiguous: its words one by one, next to the regular
      // parts' automaton (or every word), as the rule's engine counts them.
      c = Conjunction.words(shape.contextFree().get(0), shape.regular(), stateLimit);
    } else {
      c = new Conjunction(rule.parts(), rule.vocabulary(), stateLimit);
    }
    this.paths = pc;
    this.automaton = re;
    this.barHillel = bh;
    this.product = c;
  }

  /**
   * Whether derivation paths of the grammar rule are its words: shown by
   * {@link GrammarRule#unambiguity()}, a proof, not a check at small lengths. A rule it cannot
   * prove is sampled word by word (exact product), and never proposes for rejection sampling.
   */
  static boolean isUnambiguous(GrammarRule g, Rule rule) {
    return g.unambiguity().proven();
  }

  public Rule rule() {
    return rule;
  }

  /** How words of length n are drawn (computes the counts up to n if needed). */
  public Method method(int n) {
    if (paths != null) return Method.PATHS;
    if (automaton != null) return Method.AUTOMATON;
    if (barHillel != null) return Method.BAR_HILLEL;
    return count(n).isPresent() ? Method.EXACT_PRODUCT : Method.REJECTION;
  }

  /**
   * The number of distinct words of length n, or empty when the exact product needs too many
   * states at that length (then only {@link #mayHaveMembers} is known).
   */
  public Optional<BigInteger> count(int n) {
    return counts.computeIfAbsent(n, this::computeCount);
  }

  private Optional<BigInteger> computeCount(int n) {
    if (paths != null) return Optional.of(paths.count(n));
    if (automaton != null) return Optional.of(automaton.count(n));
    if (barHillel != null) return Optional.of(barHillel.count(n));
    if (n < productFailsAt) {
      try {
        return Optional.of(product.count(n));
      } catch (StateLimitException e) {
        // Counts already made stay exact (their states are built); new lengths from here on are drawn by rejection.
        productFailsAt = n;
      }
    }
    return Optional.empty();
  }

  /** False only when the rule certainly has no word of length n; true when it has or may have. */
  public boolean mayHaveMembers(int n) {
    Optional<BigInteger> c = count(n);
    if (c.isPresent()) return c.get().signum() > 0;
    for (BarHillel b : proposers) if (b.count(n).signum() == 0) return false; // paths >= words: no path, no word
    return true;
  }

  /**
   * A word of exactly n tokens, uniform over the rule's distinct words of that length,
   * re-checked by the rule's compiled automata and Earley charts.
   *
   * @throws UserError if the rule has no word of that length, or rejection sampling collapses
   */
  public int[] sample(int n, SplittableRandom random) {
    int[] w = draw(n, random);
    if (!membership.accepts(w))
      throw new IllegalStateException("engine bug: rule " + rule.id() + " sampled '" + rule.vocabulary().decode(w) + "' (length " + n + ", " + method(n) + ") but its compiled membership test rejects it");
    return w;
  }

  /** A word as {@link #sample} draws it, for callers that verify it themselves (LanguageSampler checks every rule). */
  int[] sampleUnverified(int n, SplittableRandom random) {
    return draw(n, random);
  }

  private int[] draw(int n, SplittableRandom random) {
    Optional<BigInteger> c = count(n);
    if (c.isPresent() && c.get().signum() == 0) throw new UserError("rule " + rule.id() + " (" + rule.description() + ") has no word of length " + n);
    if (barHillel == null && c.isPresent() && c.get().compareTo(BigInteger.valueOf(ENUMERATE_BELOW)) <= 0) {
      List<int[]> all = enumerated.computeIfAbsent(n, this::enumerate);
      if (all != null) return all.get(random.nextInt(all.size())).clone();
    }
    if (paths != null) return paths.sample(n, random);
    if (automaton != null) return automaton.sample(n, random);
    if (barHillel != null) return barHillel.sample(n, random);
    if (c.isPresent()) return product.sample(n, random);
    return reject(n, random);
  }

  /** Every word of length n in increasing id order, or null when the product grows too large. */
  private List<int[]> enumerate(int n) {
    try {
      if (enumerator == null) enumerator = product != null ? product : new Conjunction(rule.parts(), rule.vocabulary(), stateLimit);
      List<int[]> out = new ArrayList<>();
      enumerateFrom(enumerator.initial(), new int[n], 0, out);
      return out;
    } catch (StateLimitException e) {
      return null;
    }
  }

  private void enumerateFrom(int state, int[] word, int pos, List<int[]> out) {
    if (pos == word.length) {
      if (enumerator.accepts(state)) out.add(word.clone());
      return;
    }
    for (int id : rule.vocabulary().symbolIds()) {
      int next = enumerator.step(state, id);
      if (next == Conjunction.DEAD || enumerator.completions(next, word.length - pos - 1).signum() == 0) continue;
      word[pos] = id;
      enumerateFrom(next, word, pos + 1, out);
    }
  }

  private int[] reject(int n, SplittableRandom random) {
    BarHillel proposer = null;
    BigInteger fewest = null;
    for (BarHillel b : proposers) {
      BigInteger k = b.count(n);
      if (fewest == null || k.compareTo(fewest) < 0) {
        fewest = k;
        proposer = b;
      }
    }
    if (proposer == null)
      throw new UserError("rule " + rule.id() + " at length " + n + ": exact sampling needs more than " + stateLimit
          + " parse states and no context-free part is shown unambiguous (" + rule.shape().contextFree().stream().map(g -> g.name() + ": " + g.unambiguity().reason())
          .collect(Collectors.joining("; ")) + "), so none can propose words uniformly; write a part that rulex can show unambiguous (grammars/README.md)");
    if (fewest.signum() == 0) throw new UserError("rule " + rule.id() + " (" + rule.description() + ") has no word of length " + n);
    List<GrammarRule> others = new ArrayList<>(rule.shape().contextFree());
    others.remove(proposer.rule());
    for (int a = 0; a < attempts; a++) {
      int[] w = proposer.sample(n, random);
      boolean ok = true;
      for (GrammarRule g : others) if (!(ok = g.accepts(w))) break;
      if (ok) return w;
    }
    throw new UserError("rule " + rule.id() + " (" + rule.description() + ") at length " + n + ": exact sampling needs more than "
        + stateLimit + " parse states, and none of " + attempts + " uniform words of " + proposer.rule().name() + " (" + fewest
        + " words of that length) satisfied " + others.stream().map(GrammarRule::name).collect(Collectors.joining(" and "))
        + "; acceptance has collapsed at length " + n);
  }
}
