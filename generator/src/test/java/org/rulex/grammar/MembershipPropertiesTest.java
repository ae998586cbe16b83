package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.rulex.grammar.oracle.LanguageOracle;
import org.rulex.grammar.oracle.Oracles;
import net.jqwik.api.Tag;

/**
 * Rule.accepts (ANTLR's interpreter on every part of the rule) against the hand-written oracle,
 * for every rule of every language and for the language itself: on uniformly random words, which
 * are mostly non-members, and on members with one edit, which sit right at the boundary.
 */
@Tag("slow") // jqwik's own tag (JUnit's is not seen by jqwik): tens of seconds of random grammars: the slow tier, run by `mvn verify`
class MembershipPropertiesTest {

  /** A language and a word over its alphabet. */
  record Word(String language, String word) {
    @Override
    public String toString() {
      return language + " '" + word + "'";
    }
  }

  /** A member of one rule, drawn by the engine, then edited once (or not at all). */
  record NearMember(String language, String sampledFrom, int length, long seed, Edit edit, int position, int symbol) {
    String word() {
      Language lang = Engines.language(language);
      Rule rule = Engines.rule(lang, sampledFrom);
      String member = Engines.text(lang, Engines.sample(rule, length, new SplittableRandom(seed)));
      List<String> symbols = Oracles.of(language).symbols();
      String s = symbols.get(symbol % symbols.size());
      int at = member.isEmpty() ? 0 : position % member.length();
      return switch (edit) {
        case NONE -> member;
        case SUBSTITUTE -> member.isEmpty() ? s : member.substring(0, at) + s + member.substring(at + 1);
        case INSERT -> member.substring(0, at) + s + member.substring(at);
        case DELETE -> member.isEmpty() ? member : member.substring(0, at) + member.substring(at + 1);
        case SWAP -> member.length() < 2 || at == member.length() - 1 ? member
            : member.substring(0, at) + member.charAt(at + 1) + member.charAt(at) + member.substring(at + 2);
      };
    }
  }

  enum Edit { NONE, SUBSTITUTE, INSERT, DELETE, SWAP }

  @Property(tries = 3000, shrinking = ShrinkingMode.FULL)
  void acceptsAgreesWithTheOracleOnRandomWords(@ForAll("randomWords") Word w) {
    assertAllRulesAgree(w.language(), w.word());
  }

  @Property(tries = 3000, shrinking = ShrinkingMode.FULL)
  void acceptsAgreesWithTheOracleNextToMembers(@ForAll("nearMembers") NearMember m) {
    assertAllRulesAgree(m.language(), m.word());
  }

  @Property(tries = 400)
  void sampledMembersAreMembersForTheOracle(@ForAll("unedited") NearMember m) {
    String word = m.word();
    assertEquals(m.length(), word.length(), "sampled from length " + m.length());
    assertEquals(true, Oracles.of(m.language()).accepts(m.sampledFrom(), word),
        m.language() + " " + m.sampledFrom() + " sampled '" + word + "', which the oracle rejects");
  }

  private static void assertAllRulesAgree(String language, String word) {
    Language lang = Engines.language(language);
    LanguageOracle oracle = Oracles.of(language);
    int[] ids = Engines.ids(lang, word);
    List<String> wrong = new ArrayList<>();
    for (String id : oracle.ruleIds()) {
      boolean expected = oracle.accepts(id, word);
      if (Engines.rule(lang, id).accepts(ids) != expected) wrong.add(id + " should " + (expected ? "accept" : "reject"));
    }
    if (lang.accepts(ids) != oracle.accepts(LanguageOracle.LANGUAGE, word)) wrong.add("Language.accepts disagrees with L");
    assertEquals(List.of(), wrong, language + " '" + word + "'");
  }

  @Provide
  Arbitrary<Word> randomWords() {
    return Arbitraries.of(Oracles.all().keySet().stream().sorted().toList()).flatMap(name ->
        Arbitraries.strings().withChars(Oracles.of(name).alphabet().toCharArray()).ofMinLength(0).ofMaxLength(20)
            .map(w -> new Word(name, w)));
  }

  @Provide
  Arbitrary<NearMember> nearMembers() {
    return nearMembers(Arbitraries.of(Edit.class));
  }

  @Provide
  Arbitrary<NearMember> unedited() {
    return nearMembers(Arbitraries.just(Edit.NONE));
  }

  /** Every generated case samples a real member: its length is one at which the rule has members. */
  private static Arbitrary<NearMember> nearMembers(Arbitrary<Edit> edits) {
    return Arbitraries.of(Oracles.all().keySet().stream().sorted().toList()).flatMap(name ->
        Arbitraries.of(Oracles.of(name).ruleIds()).flatMap(rule ->
            Combinators.combine(
                    Arbitraries.of(memberLengths(name, rule)),
                    Arbitraries.longs(),
                    edits,
                    Arbitraries.integers().between(0, 40),
                    Arbitraries.integers().between(0, 5))
                .as((length, seed, edit, position, symbol) -> new NearMember(name, rule, length, seed, edit, position, symbol))));
  }

  private static final Map<String, List<Integer>> MEMBER_LENGTHS = new ConcurrentHashMap<>();

  /** The lengths up to the sampling limit at which a rule has at least one member. */
  private static List<Integer> memberLengths(String language, String ruleId) {
    return MEMBER_LENGTHS.computeIfAbsent(language + " " + ruleId, k -> {
      Rule rule = Engines.rule(language, ruleId);
      List<Integer> out = new ArrayList<>();
      for (int n = 0; n <= Engines.maxSampleLength(rule); n++) if (Engines.count(rule, n).signum() > 0) out.add(n);
      if (out.isEmpty()) throw new IllegalStateException(language + " " + ruleId + " has no member up to length " + Engines.maxSampleLength(rule));
      return out;
    });
  }

  /** A word length small enough to enumerate every word over the alphabet (at most ~5,000). */
  record Length(String language, String rule, int n) {}

  @Provide
  Arbitrary<Length> enumerableLengths() {
    return Arbitraries.of(Oracles.all().keySet().stream().sorted().toList()).flatMap(name -> {
      int k = Oracles.of(name).alphabet().length();
      int max = (int) Math.floor(Math.log(5000) / Math.log(Math.max(2, k)));
      return Combinators.combine(Arbitraries.of(Oracles.of(name).ruleIds()), Arbitraries.integers().between(0, max))
          .as((rule, n) -> new Length(name, rule, n));
    });
  }

  /**
   * Keeps the count helper honest, zeros included: the engine's count of members of length n is
   * the number of words of length n the oracle accepts, and a positive count has a sample.
   */
  @Property(tries = 60)
  void countsAgreeWithBruteForceAndSamplesHaveTheirLength(@ForAll("enumerableLengths") Length c) {
    Rule rule = Engines.rule(c.language(), c.rule());
    LanguageOracle oracle = Oracles.of(c.language());
    long members = words(oracle.alphabet(), c.n()).stream().filter(w -> oracle.accepts(c.rule(), w)).count();
    assertEquals(BigInteger.valueOf(members), Engines.count(rule, c.n()), c.toString());
    if (members > 0) assertEquals(c.n(), Engines.sample(rule, c.n(), new SplittableRandom(c.n())).length);
  }

  private static List<String> words(String alphabet, int n) {
    List<String> out = List.of("");
    for (int i = 0; i < n; i++) {
      List<String> next = new ArrayList<>();
      for (String w : out) for (char ch : alphabet.toCharArray()) next.add(w + ch);
      out = next;
    }
    return out;
  }
}
