package org.rulex.grammar;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * The exact questions about one rule (or language), answered by the cheapest engine that is
 * exact for its shape: an automaton when every part is regular, an Earley chart with the
 * Bar-Hillel product when one part is context-free, the product of the parsers (exact within
 * its state limit, bounded beyond) when several are. Not thread-safe: one instance per user.
 */
public interface RuleEngine {
  /** Which engine, in words, for manifests and reports: "regular automaton (5 states)". */
  String method();

  /** Whether every answer so far was exact (false once a bounded fallback had to answer); engines without a fallback always are. */
  default boolean exact() {
    return true;
  }

  /** What the engine could not decide exactly so far, or "" when nothing. */
  default String undecided() {
    return "";
  }

  /** Whether the word is a member, by the compiled engine (the ANTLR interpreter is the independent check). */
  boolean accepts(int[] word);

  /**
   * Whether the prefix can be completed into a member with at most {@code budget} more tokens.
   * A rule that is one grammar rule ignores the budget (any completion counts), as it always has.
   */
  boolean viable(int[] prefix, int budget);

  /** Vocabulary ids after which the prefix stays viable within the budget (EOS: it is a member), increasing. */
  int[] nextIds(int[] prefix, int budget);

  /** The prefix followed by its shortest completion (ties: smallest ids first), or null if none within the budget. */
  int[] witness(int[] prefix, int budget);

  /**
   * Number of members (distinct words) of length n. Derivation paths stand in for words only
   * where the rule is shown unambiguous ({@link GrammarRule#unambiguity()}).
   *
   * @throws StateLimitException when the engine cannot count that far exactly
   */
  BigInteger count(int n);

  /**
   * A member of length n drawn uniformly over the distinct words of that length.
   *
   * @throws StateLimitException when the engine cannot sample that length exactly
   */
  int[] sample(int n, SplittableRandom random);
}
