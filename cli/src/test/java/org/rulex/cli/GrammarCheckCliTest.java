package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rulex.grammar.Languages;

/**
 * `rulex grammar check DIR` on the broken fixtures of the generator module: exit 2, the error
 * printed as file:line:col, a summary line, and never a stack trace; warnings alone exit 0.
 */
class GrammarCheckCliTest {

  static String fixture(String name) {
    return Languages.home().resolve("generator/src/test/resources/broken").resolve(name).toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "antlr-syntax-error|S.g4:5:15: error: ",
      "undefined-rule|S.g4:5:9: error: reference to undefined rule: t",
      "implicit-literal|S.g4:5:9: error: ",
      "implicit-token-name|S.g4:5:7: error: implicit definition of token C",
      "action|S.g4:5:9: error: action ",
      "predicate|S.g4:5:5: error: semantic predicate ",
      "indirect-left-recursion|S.g4:5:1: error: The following sets of rules are mutually left-recursive",
      "empty-closure|S.g4:5:1: error: ",
      "unproductive-rule|S.g4:5:1: error: rule s derives no word at all",
      "empty-language|language.json: error: the language has no word",
      "invalid-json|language.json:5:",
      "missing-grammar-file|Missing.g4: error: file not found",
      "unknown-parser-rule|language.json:14:9: error: parser rule 'nope' is not defined",
      "lexer-token-not-literal|Alphabet.g4:4:1: error: token B must be exactly one string literal",
      "empty-word-declared-wrongly|language.json: error: \"emptyWordIsMember\" is true",
      "language-breaks-its-rule|language.json: error: the language has words of length 2 that break its rule R1",
  })
  void brokenLanguageExitsTwoWithTheErrorAndNoStackTrace(String fixture, String expected) {
    CliRun r = CliRun.of("grammar", "check", fixture(fixture));
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.err().contains(expected), r::toString);
    assertFalse(r.out().contains(": error: "), "diagnostics go to stderr: " + r);
    List<String> summary = r.out().lines().filter(l -> l.matches(".*: \\d+ error\\(s\\), \\d+ warning\\(s\\)")).toList();
    assertEquals(1, summary.size(), r::toString);
    assertTrue(summary.get(0).startsWith(Path.of(fixture(fixture)).toString()), r::toString);
    assertFalse(summary.get(0).contains(": 0 error(s)"), r::toString);
    assertFalse(r.hasStackTrace(), r::toString);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ambiguous-rule", "smaller-alphabet"})
  void warningsAloneExitZero(String fixture) {
    CliRun r = CliRun.of("grammar", "check", fixture(fixture));
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.err().contains(": warning: "), r::toString);
    assertTrue(r.out().contains(": 0 error(s), 1 warning(s)"), r::toString);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"valid"})
  void cleanLanguageExitsZeroWithNothingToSay(String fixture) {
    CliRun r = CliRun.of("grammar", "check", fixture(fixture));
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(List.of(fixture(fixture) + ": 0 error(s), 0 warning(s)"), r.out().lines().toList());
  }
}
