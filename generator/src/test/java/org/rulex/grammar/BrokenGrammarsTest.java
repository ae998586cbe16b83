package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each directory under src/test/resources/broken/ is a language with one thing wrong; GrammarCheck
 * must report exactly that one error, in the right file at the right line and column (as an editor
 * counts them: both from 1), and Language.load must refuse the language when the error is one it
 * can see. The warning cases must pass with their warning.
 */
class BrokenGrammarsTest {

  /** The fixtures, found from the checkout root so the cli module's tests can use them too. */
  static Path fixture(String name) {
    return Languages.home().resolve("generator/src/test/resources/broken").resolve(name);
  }

  /**
   * One broken case: the file the error is in (its name), the line and editor column (0 when
   * there is nothing to point at), a fragment of the message, and whether loading already fails.
   */
  record Expected(String fixture, String file, int line, int column, String message, boolean failsToLoad) {
    @Override
    public String toString() {
      return fixture;
    }
  }

  static Stream<Expected> errors() {
    return Stream.of(
        new Expected("antlr-syntax-error", "S.g4", 5, 15, "missing RPAREN", true),
        new Expected("undefined-rule", "S.g4", 5, 9, "reference to undefined rule: t", true),
        new Expected("implicit-literal", "S.g4", 5, 9, "'c'", true),
        new Expected("implicit-token-name", "S.g4", 5, 7, "implicit definition of token C", true),
        new Expected("action", "S.g4", 5, 9, "action {System.out.println(\"hi\");} is not allowed", true),
        new Expected("predicate", "S.g4", 5, 5, "semantic predicate {false}? is not allowed", true),
        new Expected("empty-closure", "S.g4", 5, 1, "closure with at least one alternative that can match an empty string", true),
        new Expected("unproductive-rule", "S.g4", 5, 1, "rule s derives no word at all", false),
        new Expected("empty-language", "language.json", 0, 0, "no word of any length up to 10", false),
        new Expected("missing-grammar-file", "Missing.g4", 0, 0, "file not found", true),
        new Expected("lexer-token-not-literal", "Alphabet.g4", 4, 1, "token B must be exactly one string literal", true),
        new Expected("empty-word-declared-wrongly", "language.json", 0, 0, "\"emptyWordIsMember\" is true but the language rejects the empty word", false),
        new Expected("language-breaks-its-rule", "language.json", 0, 0, "words of length 2 that break its rule R1", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void checkReportsExactlyTheOneErrorAtItsPlace(Expected e) {
    List<Diagnostic> errors = GrammarCheck.run(fixture(e.fixture())).stream().filter(Diagnostic::isError).toList();
    assertEquals(1, errors.size(), () -> "errors: " + errors);
    assertAt(e, errors.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void loadRefusesTheLanguageExactlyWhenTheErrorIsVisibleToTheCompiler(Expected e) {
    Path dir = fixture(e.fixture());
    if (e.failsToLoad()) {
      GrammarException x = assertThrows(GrammarException.class, () -> Language.load(dir));
      assertTrue(x.diagnostics().stream().anyMatch(d -> d.isError() && d.message().contains(e.message())), () -> x.getMessage());
    } else {
      Language.load(dir); // the engine's own checks (productivity, counts) happen in GrammarCheck
    }
  }

  private static void assertAt(Expected e, Diagnostic d) {
    assertAll(d.toString(),
        () -> assertEquals(e.file(), Path.of(d.file()).getFileName().toString(), "file"),
        () -> assertEquals(e.line(), d.line(), "line"),
        () -> assertEquals(e.column(), e.line() == 0 ? 0 : d.column() + 1, "column"),
        () -> assertTrue(d.message().contains(e.message()), "message: " + d.message()));
  }

  @Test
  void invalidJsonIsReportedAtTheLineAndColumnWhereTheParserStopped() {
    // The comma is missing at the end of line 4; Gson notices at the next key, "rules", line 5.
    List<Diagnostic> found = GrammarCheck.run(fixture("invalid-json"));
    assertEquals(1, found.size(), found::toString);
    Diagnostic d = found.get(0);
    assertTrue(d.isError());
    assertEquals("language.json", Path.of(d.file()).getFileName().toString());
    assertEquals(5, d.line());
    assertTrue(d.column() + 1 == 3 || d.column() + 1 == 4, "column " + (d.column() + 1) + " should point at \"rules\"");
    assertTrue(d.message().startsWith("invalid JSON"), d.message());
  }

  @Test
  void invalidJsonMessageIsOneLine() {
    Diagnostic d = GrammarCheck.run(fixture("invalid-json")).get(0);
    assertFalse(d.message().contains("\n"), d.message());
    assertFalse(d.message().contains("https://"), d.message());
  }

  @Test
  void unknownParserRuleIsReportedInLanguageJsonWhereItIsNamed() {
    List<Diagnostic> errors = GrammarCheck.run(fixture("unknown-parser-rule")).stream().filter(Diagnostic::isError).toList();
    assertFalse(errors.isEmpty());
    Diagnostic d = errors.get(0);
    assertEquals("language.json", Path.of(d.file()).getFileName().toString());
    assertEquals(14, d.line());
    assertEquals(9, d.column() + 1, "column of \"nope\"");
    assertTrue(d.message().contains("'nope' is not defined"), d.message());
  }

  @Test
  void unknownParserRuleIsReportedOnce() {
    List<Diagnostic> errors = GrammarCheck.run(fixture("unknown-parser-rule")).stream().filter(Diagnostic::isError).toList();
    assertEquals(1, errors.size(), errors::toString);
  }

  @Test
  void indirectLeftRecursionIsAnErrorInTheGrammarFile() {
    List<Diagnostic> errors = GrammarCheck.run(fixture("indirect-left-recursion")).stream().filter(Diagnostic::isError).toList();
    assertEquals(1, errors.size(), errors::toString);
    assertEquals("S.g4", Path.of(errors.get(0).file()).getFileName().toString());
    assertTrue(errors.get(0).message().contains("mutually left-recursive [s, t]"), errors.get(0).message());
    assertThrows(GrammarException.class, () -> Language.load(fixture("indirect-left-recursion")));
  }

  @Test
  void indirectLeftRecursionPointsAtTheFirstRuleOfTheCycle() {
    Diagnostic d = GrammarCheck.run(fixture("indirect-left-recursion")).get(0);
    assertEquals(5, d.line());
    assertEquals(1, d.column() + 1);
  }

  @Test
  void ambiguousRuleIsAWarningNotAnError() {
    List<Diagnostic> found = GrammarCheck.run(fixture("ambiguous-rule"));
    assertTrue(found.stream().noneMatch(Diagnostic::isError), found::toString);
    assertEquals(1, found.size(), found::toString);
    Diagnostic d = found.get(0);
    assertEquals("S.g4", Path.of(d.file()).getFileName().toString());
    assertEquals(5, d.line());
    assertEquals(1, d.column() + 1);
    // Length 1: "a" and "b" each come from either half.
    assertTrue(d.message().contains("rule s is ambiguous: at length 1 it has 4 derivation paths for 2 distinct words"), d.message());
  }

  @Test
  void ruleOverASmallerAlphabetIsAWarningNamingTheUnusedSymbol() {
    List<Diagnostic> found = GrammarCheck.run(fixture("smaller-alphabet"));
    assertEquals(1, found.size(), found::toString);
    assertFalse(found.get(0).isError());
    assertTrue(found.get(0).message().contains("rule R1 is over a smaller alphabet: it never uses b"), found.get(0).message());
  }

  @Test
  void theControlFixtureHasNoFindingsAtAll() {
    assertEquals(List.of(), GrammarCheck.run(fixture("valid")));
  }

  @Test
  void everyReferenceLanguagePassesTheCheckWithoutWarnings() {
    for (String name : Engines.names())
      assertEquals(List.of(), GrammarCheck.run(Engines.language(name).dir()), name);
  }

  @Test
  void everyFixtureDirectoryHasATest() throws Exception {
    List<String> tested = Stream.concat(errors().map(Expected::fixture),
        Stream.of("invalid-json", "unknown-parser-rule", "indirect-left-recursion", "ambiguous-rule", "smaller-alphabet", "valid")).sorted().toList();
    try (Stream<Path> dirs = Files.list(fixture("."))) {
      assertEquals(tested, dirs.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
