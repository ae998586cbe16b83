package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rulex.grammar.oracle.LanguageOracle;
import org.rulex.grammar.oracle.Oracles;

/**
 * The public viable-prefix and next-token questions (Rule.isViablePrefix, Rule.nextIds, each
 * building a fresh automaton) on random prefixes and bounds: against the oracle by enumerating
 * the completions, and against each other. BruteForceTest covers short prefixes exhaustively;
 * these reach longer prefixes with a short remaining budget.
 */
class ViabilityPropertiesTest {

  /** A prefix, a rule, and the total length bound B the question is asked with. */
  record Question(String language, String rule, String prefix, int extra) {
    int bound() {
      return prefix.length() + extra;
    }

    @Override
    public String toString() {
      return language + " " + rule + " '" + prefix + "' within " + bound();
    }
  }

  @Property(tries = 1500)
  void viabilityMatchesTheOracleWithinTheBound(@ForAll("questions") Question q) {
    Language lang = Engines.language(q.language());
    Rule rule = Engines.rule(lang, q.rule());
    LanguageOracle oracle = Oracles.of(q.language());
    boolean oracleViable = completesWithin(oracle, q.rule(), q.prefix(), q.extra());
    boolean engineViable = rule.isViablePrefix(Engines.ids(lang, q.prefix()), q.bound());
    if (rule.isSingleGrammarRule()) {
      // Unbounded for one grammar rule: a bounded witness proves it; a missing one proves nothing
      // unless the bound leaves room for the longest completion any viable prefix needs here
      // (p + 4: "" needs "ab" in anbn, "ab" needs "#ba" in palindrome, "" needs four brackets in bracketsmod4).
      if (oracleViable || q.extra() >= q.prefix().length() + 4) assertEquals(oracleViable, engineViable);
    } else {
      assertEquals(oracleViable, engineViable);
    }
  }

  @Property(tries = 1500)
  void nextTokensAreTheSymbolsThatKeepThePrefixViable(@ForAll("questions") Question q) {
    Language lang = Engines.language(q.language());
    Rule rule = Engines.rule(lang, q.rule());
    int[] prefix = Engines.ids(lang, q.prefix());
    int[] next = rule.nextIds(prefix, q.bound());
    int[] expected = Arrays.stream(lang.vocabulary().symbolIds())
        .filter(s -> q.extra() >= 1 && rule.isViablePrefix(append(prefix, s), q.bound()))
        .toArray();
    if (rule.accepts(prefix)) expected = append(expected, Vocabulary.EOS);
    Arrays.sort(expected);
    assertArrayEquals(expected, next);
    if (rule.isSingleGrammarRule() && q.extra() == 0)
      // The documented split: one grammar rule's viability ignores the bound, its next tokens do not.
      assertTrue(next.length == 0 || Arrays.equals(next, new int[] {Vocabulary.EOS}));
    else
      assertEquals(next.length > 0, rule.isViablePrefix(prefix, q.bound()), "viable exactly when something may follow");
  }

  @Property(tries = 600)
  void viabilityGrowsWithTheBoundAndIsUnboundedForOneGrammarRule(@ForAll("questions") Question q) {
    Language lang = Engines.language(q.language());
    Rule rule = Engines.rule(lang, q.rule());
    int[] prefix = Engines.ids(lang, q.prefix());
    boolean now = rule.isViablePrefix(prefix, q.bound());
    boolean later = rule.isViablePrefix(prefix, q.bound() + 4);
    if (now) assertTrue(later, "viable within " + q.bound() + " but not within " + (q.bound() + 4));
    if (rule.isSingleGrammarRule()) assertEquals(now, later);
  }

  @Property(tries = 600)
  void everyPrefixOfAMemberIsViableAndAllowsItsNextSymbol(@ForAll("members") Question m) {
    Language lang = Engines.language(m.language());
    Rule rule = Engines.rule(lang, m.rule());
    int[] word = Engines.ids(lang, m.prefix());
    int n = word.length;
    for (int i = 0; i <= n; i++) {
      int[] prefix = Arrays.copyOf(word, i);
      int expect = i < n ? word[i] : Vocabulary.EOS;
      assertTrue(rule.isViablePrefix(prefix, n), "prefix of length " + i + " not viable");
      assertTrue(Arrays.stream(rule.nextIds(prefix, n)).anyMatch(x -> x == expect),
          "after " + i + " symbols, " + lang.vocabulary().text(expect) + " is not allowed");
    }
  }

  /** Some completion of at most `extra` symbols makes the prefix a member, by enumeration. */
  static boolean completesWithin(LanguageOracle oracle, String rule, String prefix, int extra) {
    if (oracle.accepts(rule, prefix)) return true;
    if (extra == 0) return false;
    for (String s : oracle.symbols()) if (completesWithin(oracle, rule, prefix + s, extra - 1)) return true;
    return false;
  }

  private static int[] append(int[] a, int x) {
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = x;
    return out;
  }

  /** Prefixes up to 12 symbols, with 0..4 symbols left (0..3 over the 6 symbols of dyck3). */
  @Provide
  Arbitrary<Question> questions() {
    return Arbitraries.of(Oracles.all().keySet().stream().sorted().toList()).flatMap(name -> {
      LanguageOracle o = Oracles.of(name);
      return Combinators.combine(
              Arbitraries.of(o.ruleIds()),
              Arbitraries.strings().withChars(o.alphabet().toCharArray()).ofMaxLength(12),
              Arbitraries.integers().between(0, o.alphabet().length() > 4 ? 3 : 4))
          .as((rule, prefix, extra) -> new Question(name, rule, prefix, extra));
    });
  }

  /** Members drawn by the engine's samplers (the word is in `prefix`). */
  @Provide
  Arbitrary<Question> members() {
    return Arbitraries.of(Oracles.all().keySet().stream().sorted().toList()).flatMap(name ->
        Combinators.combine(Arbitraries.of(Oracles.of(name).ruleIds()), Arbitraries.integers().between(0, 16), Arbitraries.longs())
            .as((id, length, seed) -> {
              Language lang = Engines.language(name);
              Rule rule = Engines.rule(lang, id);
              int n = Math.min(length, Engines.maxSampleLength(rule));
              while (Engines.count(rule, n).signum() == 0) n++;
              return new Question(name, id, Engines.text(lang, Engines.sample(rule, n, new SplittableRandom(seed))), 0);
            }));
  }
}
