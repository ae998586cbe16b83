package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rulex.grammar.oracle.Oracles;

/**
 * The oracles are the yardstick for everything else, so they are pinned first by hand-picked
 * words straight from REFERENCE.md and the language.json descriptions.
 */
class OraclesAgreeWithTheDefinitionsTest {

  /**
   * A language may come without an oracle (brute force then checks the engine against itself,
   * see EngineOracle), but an oracle must not outlive its language.
   */
  @Test
  void everyOracleIsForALanguageInGrammars() {
    for (String name : Oracles.all().keySet())
      assertTrue(Engines.names().contains(name), "oracle for " + name + ", which is not in grammars/ " + Engines.names());
  }

  @Test
  void oracleAlphabetsAreTheLexerAlphabets() {
    for (String name : Engines.names())
      if (EngineOracle.isHandWritten(name))
        assertEquals(Engines.language(name).vocabulary().symbols(), Oracles.of(name).symbols(), name);
  }

  @Test
  void oracleRuleIdsAreTheLanguagesRuleIds() {
    for (String name : Oracles.all().keySet()) {
      List<String> ids = new java.util.ArrayList<>(Engines.language(name).rules().stream().map(Rule::id).toList());
      ids.add(org.rulex.grammar.oracle.LanguageOracle.LANGUAGE);
      assertEquals(ids, Oracles.of(name).ruleIds(), name);
    }
  }

  @ParameterizedTest(name = "{0} {1} ''{2}'' -> {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "ban|R1|''|true", "ban|R1|aba|true", "ban|R1|ab|false",
      "ban|R2|b|true", "ban|R2|''|false", "ban|R2|ab|false",
      "ban|L|baa|true", "ban|L|b|true", "ban|L|''|false", "ban|L|ba|false", "ban|L|aab|false",
      "bban|R1|''|true", "bban|R1|aa|true", "bban|R1|a|false", "bban|R1|abaa|true", "bban|R1|aba|false", "bban|R1|ab|true",
      "bban|R2|b|true", "bban|R2|bbaaa|true", "bban|R2|''|false", "bban|R2|aa|false", "bban|R2|bab|false",
      "bban|L|bbaa|true", "bban|L|b|true", "bban|L|ba|false", "bban|L|aa|false",
      "anbn|R1|''|true", "anbn|R1|baab|true", "anbn|R1|aab|false",
      "anbn|R2|''|true", "anbn|R2|aabbb|true", "anbn|R2|aba|false",
      "anbn|L|ab|true", "anbn|L|aaabbb|true", "anbn|L|''|false", "anbn|L|abab|false", "anbn|L|aabbb|false",
      "dyck|R1|([)]|true", "dyck|R1|)(|true", "dyck|R1|][|false", "dyck|R1|[|false",
      "dyck|R2|[(])|true", "dyck|R2|)(|false",
      "dyck|L|()|true", "dyck|L|([])[]|true", "dyck|L|([)]|false", "dyck|L|''|false", "dyck|L|)(|false",
      "anbncn|R1|cba|true", "anbncn|R1|''|true", "anbncn|R1|aabbc|false",
      "anbncn|R2|aacc|true", "anbncn|R2|''|true", "anbncn|R2|acb|false",
      "anbncn|L|abc|true", "anbncn|L|aabbcc|true", "anbncn|L|''|false", "anbncn|L|aabcc|false", "anbncn|L|abcabc|false",
      "csdyck|R1|[(])|true", "csdyck|R2|)(|false",
      "csdyck|L|([)]|true", "csdyck|L|''|false", "csdyck|L|][|false", "csdyck|L|[]()|true",
      "dyck3|R1|{[()]}|true", "dyck3|R1|{[(())]}|true", "dyck3|R1|([)]|false",
      "dyck3|R2|([)]|true", "dyck3|R2|(((())))|false", "dyck3|R2|((()))|true", "dyck3|R2|)(|false",
      "dyck3|L|{}|true", "dyck3|L|{[()]}|true", "dyck3|L|{[(())]}|false", "dyck3|L|([)]|false", "dyck3|L|''|false",
      "palindrome|R1|''|true", "palindrome|R1|##|true", "palindrome|R1|ab|false", "palindrome|R1|aba|true",
      "palindrome|R2|ab#ab|true", "palindrome|R2|ab|false", "palindrome|R2|#a#|false",
      "palindrome|L|#|true", "palindrome|L|ab#ba|true", "palindrome|L|ab#ab|false", "palindrome|L|a#a#a|false", "palindrome|L|aba|false",
  })
  void oracleDecidesHandPickedWords(String language, String rule, String word, boolean member) {
    assertEquals(member, Oracles.of(language).accepts(rule, word));
  }

  @Test
  void oraclesRejectSymbolsOutsideTheAlphabet() {
    for (var o : Oracles.all().values())
      for (String id : o.ruleIds())
        for (String w : List.of("x", "ax", "x" + o.alphabet()))
          assertEquals(false, o.accepts(id, w), o.name() + " " + id + " '" + w + "'");
  }
}
