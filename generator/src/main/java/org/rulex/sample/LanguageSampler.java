package org.rulex.sample;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rulex.grammar.CompiledMembership;
import org.rulex.grammar.GrammarRule;
import org.rulex.grammar.Language;
import org.rulex.grammar.Rule;

/**
 * Training words of a language: a length from the language's length distribution, then a word
 * uniform over the members of that length ({@link RuleSampler} on the language rule). Every
 * word is re-checked by every rule's compiled membership test (automata and Earley charts; the
 * tests check those against ANTLR's interpreter) and by the language's before it is returned. The
 * same seed gives the same words. Not thread-safe: one instance per thread.
 */
public final class LanguageSampler {
  private final Language language;
  private final RuleSampler words;
  private final List<Rule> checks = new ArrayList<>();
  /** Every distinct grammar rule of the checks, verified once a word; a check holds when all its parts do. */
  private final CompiledMembership parts;
  private final int[][] partsOfCheck;
  private final LengthDistribution lengths;

  /** The language's own length range. */
  public LanguageSampler(Language language) {
    this(language, null, null);
  }

  /** Word lengths cut to [minWordLength, maxWordLength]; null keeps the language's own bound. */
  public LanguageSampler(Language language, Integer minWordLength, Integer maxWordLength) {
    this.language = language;
    this.words = new RuleSampler(language.language());
    checks.addAll(language.rules());
    checks.add(language.language());
    List<GrammarRule> distinct = checks.stream().flatMap(r -> r.parts().stream()).distinct().toList();
    this.parts = new CompiledMembership(distinct, language.vocabulary().symbolIds());
    this.partsOfCheck = checks.stream().map(r -> r.parts().stream().mapToInt(distinct::indexOf).toArray()).toArray(int[][]::new);
    this.lengths = LengthDistribution.of(language.spec().lengths(), minWordLength, maxWordLength, words::mayHaveMembers);
  }

  public Language language() {
    return language;
  }

  public LengthDistribution lengths() {
    return lengths;
  }

  /** Distinct members of length n, when exactly known. */
  public Optional<BigInteger> count(int n) {
    return words.count(n);
  }

  /** How words of length n are drawn. */
  public RuleSampler.Method method(int n) {
    return words.method(n);
  }

  /** A member with a length drawn from the length distribution. */
  public int[] sample(SplittableRandom random) {
    return sample(lengths.sample(random), random);
  }

  /** A member of exactly n tokens, uniform over the members of that length. */
  public int[] sample(int n, SplittableRandom random) {
    int[] w = words.sampleUnverified(n, random);
    Boolean[] verdict = new Boolean[parts.parts().size()];
    for (int i = 0; i < checks.size(); i++)
      if (!holds(partsOfCheck[i], verdict, w))
        throw new IllegalStateException("engine bug: '" + language.vocabulary().decode(w) + "' was sampled from " + language.name() + " but breaks " + checks.get(i).id() + " (" + checks.get(i).description() + ")");
    return w;
  }

  private boolean holds(int[] ofCheck, Boolean[] verdict, int[] w) {
    for (int p : ofCheck) {
      if (verdict[p] == null) verdict[p] = parts.accepts(p, w);
      if (!verdict[p]) return false;
    }
    return true;
  }
}
