package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.grammar.oracle.LanguageOracle;
import org.junit.jupiter.api.Tag;

/**
 * Every word up to a bound B, for every rule of every language and the language itself, decided
 * three ways: the oracle, ANTLR's interpreter (Rule.accepts), and the exact automaton
 * (rule.automaton(), the object Rule.isViablePrefix and Rule.nextIds build afresh per call and
 * the one the samplers keep). Checked per word: membership; per prefix: viability and the exact
 * next-token set; per length: the member count.
 *
 * <p>What "viable" means, and so what is compared:
 * <ul>
 *   <li>The oracle knows only the enumerated words, so its viability is bounded: some member of
 *       length at most B extends the prefix.
 *   <li>For a conjunction of grammar rules the engine's viability is bounded the same way, by
 *       the budget of symbols left: compared exactly at every prefix for every budget 0..B - p,
 *       so that the tight budget (the shortest completion exactly) is always tried.
 *   <li>For one grammar rule the engine's viability is unbounded (a live Earley state always
 *       completes). In every language here a viable prefix of length p has a completion of at most
 *       p + 2 more tokens (anbn's "" needs "ab", palindrome's "ab" needs "#ba"), so where 2p + 2 <= B the
 *       bounded oracle decides unbounded viability and the comparison is exact. Beyond that only
 *       the sound direction is checked: oracle-viable implies engine-viable.
 * </ul>
 * Next tokens follow the same rule (a symbol is allowed when prefix + symbol is viable, EOS when
 * the prefix is a member), so they are exact where the extended prefix is, and a superset
 * otherwise.
 */
@Tag("slow") // tens of seconds of exhaustive or random grammars: the slow tier, run by `mvn verify`
class BruteForceTest {

  /** Prefixes up to this length also go through the public per-call API (slower: a fresh automaton each). */
  static final int PUBLIC_API_UP_TO = 4;

  /**
   * Every language in grammars/, with or without a hand-written oracle (see {@link EngineOracle}),
   * bounded by its alphabet size k: all words up to length B (k = 2: 10, 3: 8, 4: 7, 5 and 6: 6),
   * about 5 * 10^4 words at most per rule.
   */
  static Stream<Arguments> languages() {
    return Engines.names().stream().map(name -> Arguments.of(name, bound(Engines.language(name).vocabulary().symbols().size())));
  }

  static int bound(int alphabetSize) {
    return switch (alphabetSize) {
      case 1, 2 -> 10;
      case 3 -> 8;
      case 4 -> 7;
      case 5, 6 -> 6;
      default -> Math.max(3, (int) Math.floor(Math.log(5e4) / Math.log(alphabetSize)));
    };
  }

  @ParameterizedTest(name = "{0} up to length {1}")
  @MethodSource("languages")
  void membershipViabilityNextTokensAndCountsMatchTheOracle(String name, int bound) {
    walkEveryRule(Engines.language(name), EngineOracle.forLanguage(name), bound);
  }

  /**
   * The walk a language without a hand-written oracle gets: the engine's interpreter as the
   * reference. Run here on every language at a small bound, so that it is known to work (and to
   * find nothing wrong) before a language needs it.
   */
  @ParameterizedTest(name = "{0} against its own interpreter")
  @MethodSource("languages")
  void withoutAHandWrittenOracleTheEngineAgreesWithItself(String name, int bound) {
    Language lang = Engines.language(name);
    walkEveryRule(lang, EngineOracle.fromInterpreter(lang), Math.min(bound, 4));
  }

  private static void walkEveryRule(Language lang, LanguageOracle oracle, int bound) {
    List<String> failures = new ArrayList<>();
    long everyWord = 0;
    for (int n = 0; n <= bound; n++) everyWord += (long) Math.pow(oracle.alphabet().length(), n);
    for (String id : oracle.ruleIds()) {
      Enumeration e = new Enumeration(lang, oracle, id, bound, failures);
      e.run();
      assertEquals(everyWord, e.visited, id + ": the walk must visit every word up to the bound");
    }
    assertEquals(List.of(), failures.size() > 20 ? failures.subList(0, 20) : failures, lang.name() + ": " + failures.size() + " disagreement(s)");
  }

  /** One rule's walk over every word up to the bound, depth first, the automaton stepped along. */
  private static final class Enumeration {
    private final Language lang;
    private final LanguageOracle oracle;
    private final String id;
    private final Rule rule;
    private final int bound;
    private final List<String> failures;
    private final Conjunction automaton;
    private final int[] symbols;
    /** Prefix to the length of its shortest extension that is a member (members up to the bound only). */
    private final Map<String, Integer> shortest = new HashMap<>();
    private final BigInteger[] members;
    long visited;

    Enumeration(Language lang, LanguageOracle oracle, String id, int bound, List<String> failures) {
      this.lang = lang;
      this.oracle = oracle;
      this.id = id;
      this.rule = Engines.rule(lang, id);
      this.bound = bound;
      this.failures = failures;
      this.automaton = rule.automaton();
      this.symbols = lang.vocabulary().symbolIds();
      this.members = new BigInteger[bound + 1];
      Arrays.fill(members, BigInteger.ZERO);
    }

    void run() {
      collectMembers("");
      walk("", new int[0], automaton.initial());
      BigInteger[] counts = rule.counts(bound);
      if (!Arrays.equals(members, counts))
        failures.add(id + " counts 0.." + bound + ": oracle " + Arrays.toString(members) + ", engine " + Arrays.toString(counts));
    }

    /** Bounded oracle viability: every prefix of every member up to the bound. */
    private void collectMembers(String w) {
      if (oracle.accepts(id, w)) {
        members[w.length()] = members[w.length()].add(BigInteger.ONE);
        for (int i = 0; i <= w.length(); i++) shortest.merge(w.substring(0, i), w.length(), Math::min);
      }
      if (w.length() < bound) for (String s : oracle.symbols()) collectMembers(w + s);
    }

    /** Whether the bounded oracle decides unbounded viability at this prefix length. */
    private boolean exactAt(int length) {
      return !rule.isSingleGrammarRule() || 2 * length + 2 <= bound;
    }

    private void walk(String w, int[] ids, int state) {
      visited++;
      int p = ids.length;
      boolean member = oracle.accepts(id, w);
      if (rule.accepts(ids) != member) fail(w, "Rule.accepts is " + !member);
      if (automaton.accepts(state) != member) fail(w, "automaton accepts is " + !member);

      if (rule.isSingleGrammarRule()) {
        boolean oracleViable = shortest.containsKey(w);
        boolean engineViable = automaton.viable(state, bound - p);
        if (exactAt(p) ? engineViable != oracleViable : oracleViable && !engineViable)
          fail(w, "viable: oracle " + oracleViable + ", engine " + engineViable);
        checkNext(w, state, member, bound - p, exactAt(p + 1));
      } else {
        // Bounded: ask with every remaining budget, so that the tight one (the shortest
        // completion exactly) is always among them, whatever the parity of the bound.
        for (int budget = 0; budget <= bound - p; budget++) {
          boolean oracleViable = viableWithin(w, budget);
          boolean engineViable = automaton.viable(state, budget);
          if (engineViable != oracleViable) fail(w, "viable within " + budget + " more: oracle " + oracleViable + ", engine " + engineViable);
          checkNext(w, state, member, budget, true);
        }
      }

      if (p <= PUBLIC_API_UP_TO) {
        // Rule.isViablePrefix and Rule.nextIds build a fresh automaton per call: same answers.
        if (rule.isViablePrefix(ids, bound) != automaton.viable(state, bound - p)) fail(w, "Rule.isViablePrefix differs from its automaton");
        if (!Arrays.equals(rule.nextIds(ids, bound), automaton.nextIds(state, bound - p))) fail(w, "Rule.nextIds differs from its automaton");
      }

      if (p == bound) return;
      for (int s : symbols) {
        int[] longer = Arrays.copyOf(ids, p + 1);
        longer[p] = s;
        walk(w + lang.vocabulary().text(s), longer, automaton.step(state, s));
      }
    }

    /** Some member extends w by at most `budget` symbols. */
    private boolean viableWithin(String w, int budget) {
      Integer n = shortest.get(w);
      return n != null && n - w.length() <= budget;
    }

    /** The next-token set with `budget` symbols left: exact, or (single rule, long prefix) a superset. */
    private void checkNext(String w, int state, boolean member, int budget, boolean exact) {
      TreeSet<Integer> expected = new TreeSet<>();
      if (member) expected.add(Vocabulary.EOS);
      for (int s : symbols) {
        String longer = w + lang.vocabulary().text(s);
        if (budget >= 1 && (rule.isSingleGrammarRule() ? shortest.containsKey(longer) : viableWithin(longer, budget - 1))) expected.add(s);
      }
      TreeSet<Integer> actual = new TreeSet<>();
      for (int s : automaton.nextIds(state, budget)) actual.add(s);
      boolean ok = exact ? actual.equals(expected) : actual.containsAll(expected) && actual.contains(Vocabulary.EOS) == member;
      if (!ok) fail(w, "next tokens with " + budget + " left: oracle " + texts(expected) + ", engine " + texts(actual));
    }

    private List<String> texts(Set<Integer> ids) {
      return ids.stream().map(lang.vocabulary()::text).toList();
    }

    private void fail(String w, String what) {
      failures.add(id + " '" + w + "': " + what);
    }
  }
}
