package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.rulex.grammar.oracle.LanguageOracle;
import org.rulex.grammar.oracle.Oracles;

/**
 * Rule.accepts (ANTLR's interpreter on every part of the rule) against the hand-written oracle,
 * for every rule of every language and for the language itself: on uniformly random words, which
 * are mostly non-members, and on members with one edit, which sit right at the boundary.
 */
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
      int n = Math.min(length, Engines.maxSampleLength(rule));
      int from = n;
      while (n < from + 6 && Engines.count(rule, n).signum() == 0) n++;
      if (Engines.count(rule, n).signum() == 0) return null;
      String member = Engines.text(lang, Engines.sample(rule, n, new SplittableRandom(seed)));
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
    String word = m.word();
    if (word == null) return; // the rule has no member near that length (cannot happen for these languages within 6)
    assertAllRulesAgree(m.language(), word);
  }

  @Property(tries = 400)
  void sampledMembersAreMembersForTheOracle(@ForAll("unedited") NearMember m) {
    String word = m.word();
    assertEquals(true, word != null, "no member of " + m.sampledFrom() + " near length " + m.length());
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

  private static Arbitrary<NearMember> nearMembers(Arbitrary<Edit> edits) {
    return Arbitraries.of(Oracles.all().keySet().stream().sorted().toList()).flatMap(name ->
        Combinators.combine(
                Arbitraries.of(Oracles.of(name).ruleIds()),
                Arbitraries.integers().between(0, 20),
                Arbitraries.longs(),
                edits,
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 5))
            .as((rule, length, seed, edit, position, symbol) -> new NearMember(name, rule, length, seed, edit, position, symbol)));
  }

  /** Keeps the count helper honest: a rule with a member at some length has a sample there. */
  @Property(tries = 50)
  void countsAndSamplesAgree(@ForAll("unedited") NearMember m) {
    Rule rule = Engines.rule(m.language(), m.sampledFrom());
    int n = Math.min(m.length(), Engines.maxSampleLength(rule));
    if (Engines.count(rule, n).signum() > 0)
      assertEquals(n, Engines.sample(rule, n, new SplittableRandom(m.seed())).length);
  }
}
