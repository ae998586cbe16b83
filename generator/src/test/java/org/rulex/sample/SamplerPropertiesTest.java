package org.rulex.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.rulex.grammar.Language;
import org.rulex.grammar.Rule;

/** Every sampled word is a member (of the language and of every rule), and seeds reproduce. */
class SamplerPropertiesTest {

  @Provide
  Arbitrary<String> languages() {
    return Arbitraries.of(Fixtures.names());
  }

  @Property(tries = 80)
  synchronized void everyLanguageSampleIsAMemberOfTheLanguageAndOfEveryRule(@ForAll("languages") String name, @ForAll long seed) {
    Language lang = Fixtures.language(name);
    LanguageSampler s = Fixtures.sampler(name);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20; i++) {
      int[] w = s.sample(random);
      String text = lang.vocabulary().decode(w);
      assertTrue(lang.accepts(w), text);
      for (Rule r : lang.rules()) assertTrue(r.accepts(w), r.id() + " rejects " + text);
      assertTrue(s.lengths().probability(w.length) > 0, "length " + w.length + " outside the distribution");
    }
  }

  @Property(tries = 40)
  synchronized void theSameSeedGivesTheSameSamples(@ForAll("languages") String name, @ForAll long seed) {
    LanguageSampler s = Fixtures.sampler(name);
    LanguageSampler fresh = new LanguageSampler(Fixtures.language(name), null, Fixtures.testMaxLength(name));
    SplittableRandom a = new SplittableRandom(seed);
    SplittableRandom b = new SplittableRandom(seed);
    for (int i = 0; i < 10; i++) assertArrayEquals(s.sample(a), fresh.sample(b));
  }

  @Property(tries = 60)
  void everyRuleSampleIsAWordOfThatRule(@ForAll("languages") String name, @ForAll @IntRange(min = 0, max = 9) int ruleIndex,
      @ForAll @IntRange(min = 0, max = 12) int length, @ForAll long seed) {
    Language lang = Fixtures.language(name);
    Rule rule = lang.rules().get(ruleIndex % lang.rules().size());
    RuleSampler s = new RuleSampler(rule);
    // The nearest length at or above the drawn one with members, so that every case samples.
    int n = length;
    while (n < length + 12 && s.count(n).orElse(BigInteger.ONE).signum() == 0) n++;
    assertTrue(s.count(n).orElse(BigInteger.ONE).signum() > 0, rule.id() + " of " + name + " has no member of length " + length + " to " + n);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 5; i++) {
      int[] w = s.sample(n, random);
      assertTrue(w.length == n && rule.accepts(w), rule.id() + " " + lang.vocabulary().decode(w));
    }
  }
}
