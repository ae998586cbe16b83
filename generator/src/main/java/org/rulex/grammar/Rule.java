package org.rulex.grammar;

import java.math.BigInteger;
import java.util.List;

/**
 * A rule of a language (R1, R2, ...) or the language itself: the conjunction of one or more
 * grammar rules (#a = #b = #c is two context-free grammars). Membership runs ANTLR's
 * interpreter on each part; the exact questions (viable prefix, next tokens, counts) go through
 * a {@link RuleEngine} chosen by the rule's shape: its regular parts (no recursion) are compiled
 * to one minimal automaton; no context-free part left: {@link RegularEngine}; one:
 * {@link ContextFreeEngine} (Earley chart and Bar-Hillel product); several: {@link ProductEngine}.
 */
public final class Rule {
  private final String id;
  private final String description;
  private final List<GrammarRule> parts;
  private final Vocabulary vocabulary;

  Rule(String id, String description, List<GrammarRule> parts, Vocabulary vocabulary) {
    this.id = id;
    this.description = description;
    this.parts = List.copyOf(parts);
    this.vocabulary = vocabulary;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public List<GrammarRule> parts() {
    return parts;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Whether the word (alphabet ids) satisfies every part. */
  public boolean accepts(int[] word) {
    for (GrammarRule p : parts) if (!p.accepts(word)) return false;
    return true;
  }

  /** The rule's parts split by shape, computed once (automata are immutable and shared). */
  public record Shape(Dfa regular, List<GrammarRule> regularParts, List<GrammarRule> contextFree) {}

  private volatile Shape shape;

  /** The regular parts compiled into one automaton, and the context-free parts. */
  public Shape shape() {
    Shape s = shape;
    if (s == null) {
      synchronized (this) {
        if (shape == null) {
          Dfa regular = Dfa.universal(vocabulary.symbolIds());
          List<GrammarRule> regularParts = new java.util.ArrayList<>();
          List<GrammarRule> contextFree = new java.util.ArrayList<>();
          for (GrammarRule g : parts) {
            var dfa = RegularRuleCompiler.compile(g, vocabulary.symbolIds());
            if (dfa.isPresent()) {
              regular = regular.intersect(dfa.get());
              regularParts.add(g);
            } else {
              contextFree.add(g);
            }
          }
          shape = new Shape(regular, List.copyOf(regularParts), List.copyOf(contextFree));
        }
        s = shape;
      }
    }
    return s;
  }

  /** A fresh compiled membership test (automaton and Earley charts); not thread-safe. */
  public CompiledMembership compiledMembership() {
    return new CompiledMembership(parts, vocabulary.symbolIds());
  }

  /** A fresh engine for this rule's exact questions; keep it to answer many questions fast (not thread-safe). */
  public RuleEngine engine() {
    Shape s = shape();
    boolean single = parts.size() == 1;
    if (s.contextFree().isEmpty()) return new RegularEngine(s.regular(), single);
    if (s.contextFree().size() == 1) return new ContextFreeEngine(s.contextFree().get(0), s.regular(), !s.regularParts().isEmpty(), single);
    return new ProductEngine(parts, s.contextFree(), s.regular(), vocabulary, ProductEngine.DEFAULT_STATE_LIMIT, ProductEngine.DEFAULT_SEARCH_BUDGET);
  }

  /** A fresh exact product-of-parsers automaton for this rule (exact, but its states can grow exponentially with length). */
  public Conjunction automaton() {
    return new Conjunction(parts, vocabulary);
  }

  /**
   * Whether the prefix can be completed into a word of the rule of at most maxLength tokens.
   * For a single grammar rule the answer does not depend on maxLength.
   */
  public boolean isViablePrefix(int[] prefix, int maxLength) {
    return engine().viable(prefix, maxLength - prefix.length);
  }

  /** The ids that may follow the prefix (EOS: the prefix is itself a word), within maxLength. */
  public int[] nextIds(int[] prefix, int maxLength) {
    return engine().nextIds(prefix, maxLength - prefix.length);
  }

  /** Whether the rule is one grammar rule (its viability then ignores the length budget). */
  public boolean isSingleGrammarRule() {
    return parts.size() == 1;
  }

  /**
   * Member counts (distinct words) for lengths 0..maxLength: by the automaton for regular rules,
   * by derivation paths for one context-free part shown unambiguous, word by word through parse
   * states otherwise.
   *
   * @throws StateLimitException when counting word by word needs too many parse states
   */
  public BigInteger[] counts(int maxLength) {
    BigInteger[] out = new BigInteger[maxLength + 1];
    RuleEngine e = engine();
    for (int n = 0; n <= maxLength; n++) out[n] = e.count(n);
    return out;
  }

  @Override
  public String toString() {
    return id + ": " + description;
  }
}
