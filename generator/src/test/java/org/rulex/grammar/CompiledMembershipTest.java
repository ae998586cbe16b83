package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.oracle.LanguageOracle;

/**
 * The samplers' compiled membership against the hand-written oracles, over enough words that a
 * context-free part whose determinised states never recur (palindromes) has switched to a chart
 * per word, and one whose states recur (Dyck) has not.
 */
class CompiledMembershipTest {
  @Test
  void palindromesSwitchToAChartAndDyckWordsKeepTheirStatesWithRightVerdictsThroughout() {
    assertEquals("Earley chart", checkAgainstOracle("palindrome", "R1", 31));
    assertEquals("determinised Earley states", checkAgainstOracle("dyck", "R1", 32));
  }

  /** Members of the rule and the same words with one symbol changed, four windows' worth of tokens; returns what checks the rule at the end. */
  private static String checkAgainstOracle(String language, String ruleId, int length) {
    Language lang = Engines.language(language);
    LanguageOracle oracle = EngineOracle.forLanguage(language);
    Rule rule = Engines.rule(lang, ruleId);
    CompiledMembership compiled = rule.compiledMembership();
    SplittableRandom random = new SplittableRandom(11);
    String symbols = oracle.alphabet();
    for (long tokens = 0; tokens < 4L * CompiledMembership.WINDOW; tokens += length) {
      char[] w = Engines.text(lang, Engines.sample(rule, length, random)).toCharArray();
      if (random.nextBoolean()) w[random.nextInt(length)] = symbols.charAt(random.nextInt(symbols.length()));
      String word = new String(w);
      assertEquals(oracle.accepts(ruleId, word), compiled.accepts(Engines.ids(lang, word)), language + " " + ruleId + " '" + word + "' by " + compiled.method(0));
    }
    return compiled.method(0);
  }
}
