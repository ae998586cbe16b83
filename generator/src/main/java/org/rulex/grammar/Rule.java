package org.rulex.grammar;

import java.math.BigInteger;
import java.util.List;

/**
 * A rule of a language (R1, R2, ...) or the language itself: the conjunction of one or more
 * grammar rules (#a = #b = #c is two context-free grammars). Membership runs ANTLR's
 * interpreter on each part; the exact questions (viable prefix, next tokens, counts) go through
 * a {@link Conjunction}, or through {@link PathCounts} when the rule is one grammar rule.
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

  /** A fresh exact automaton for this rule; keep it to answer many questions about one rule fast. */
  public Conjunction automaton() {
    return new Conjunction(parts, vocabulary);
  }

  /**
   * Whether the prefix can be completed into a word of the rule of at most maxLength tokens.
   * For a single grammar rule the answer does not depend on maxLength.
   */
  public boolean isViablePrefix(int[] prefix, int maxLength) {
    Conjunction c = automaton();
    return c.viable(c.run(prefix), maxLength - prefix.length);
  }

  /** The ids that may follow the prefix (EOS: the prefix is itself a word), within maxLength. */
  public int[] nextIds(int[] prefix, int maxLength) {
    Conjunction c = automaton();
    return c.nextIds(c.run(prefix), maxLength - prefix.length);
  }

  /** Whether the rule is one grammar rule, so that its counts are derivation-path counts. */
  public boolean isSingleGrammarRule() {
    return parts.size() == 1;
  }

  /** Member counts for lengths 0..maxLength: path counts for one grammar rule, exact word counts otherwise. */
  public BigInteger[] counts(int maxLength) {
    BigInteger[] out = new BigInteger[maxLength + 1];
    if (isSingleGrammarRule()) {
      PathCounts pc = new PathCounts(parts.get(0));
      for (int n = 0; n <= maxLength; n++) out[n] = pc.count(n);
    } else {
      Conjunction c = automaton();
      for (int n = 0; n <= maxLength; n++) out[n] = c.count(n);
    }
    return out;
  }

  @Override
  public String toString() {
    return id + ": " + description;
  }
}
