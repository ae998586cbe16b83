package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * language.json is read strictly: a typo, a value of the wrong type or a grammar file outside the
 * directory is an error at file:line:col, not a silently different language.
 */
class LanguageManifestStrictnessTest {
  private static final Path VALID = BrokenGrammarsTest.fixture("valid");

  /** A copy of the valid fixture with one replacement made in its language.json. */
  private static Path variant(Path tmp, String from, String to) throws IOException {
    Path dir = tmp.resolve("lang");
    Files.createDirectories(dir);
    for (String f : List.of("Alphabet.g4", "S.g4")) Files.copy(VALID.resolve(f), dir.resolve(f));
    String json = Files.readString(VALID.resolve("language.json"));
    assertTrue(json.contains(from), from);
    Files.writeString(dir.resolve("language.json"), json.replace(from, to));
    return dir;
  }

  private static Diagnostic onlyError(Path dir) {
    GrammarException e = assertThrows(GrammarException.class, () -> Language.load(dir));
    List<Diagnostic> errors = e.diagnostics().stream().filter(Diagnostic::isError).toList();
    assertEquals(1, errors.size(), errors::toString);
    return errors.get(0);
  }

  @Test
  void theUnchangedCopyLoads(@TempDir Path tmp) throws IOException {
    assertEquals("valid", Language.load(variant(tmp, "\"valid\"", "\"valid\"")).name());
  }

  @Test
  void aStringWhereABooleanBelongsIsAnError(@TempDir Path tmp) throws IOException {
    Diagnostic d = onlyError(variant(tmp, "\"emptyWordIsMember\": false", "\"emptyWordIsMember\": \"no\""));
    assertEquals(4, d.line());
    assertEquals("\"emptyWordIsMember\" must be true or false, not the string \"no\"", d.message());
  }

  @Test
  void aMisspelledKeyIsAnError(@TempDir Path tmp) throws IOException {
    Diagnostic d = onlyError(variant(tmp, "\"description\": \"A control", "\"descripton\": \"A control"));
    assertEquals(3, d.line());
    assertEquals(2, d.column(), "0-based column of the key");
    assertTrue(d.message().startsWith("unknown key \"descripton\""), d.message());
  }

  @Test
  void aFractionalLengthIsAnError(@TempDir Path tmp) throws IOException {
    Diagnostic d = onlyError(variant(tmp, "\"max\": 10", "\"max\": 10.5"));
    assertEquals("\"max\" must be a whole number, not the number 10.5", d.message());
  }

  @Test
  void aTruncatedManifestSaysSo(@TempDir Path tmp) throws IOException {
    Path dir = variant(tmp, "\"valid\"", "\"valid\"");
    String json = Files.readString(dir.resolve("language.json"));
    Files.writeString(dir.resolve("language.json"), json.substring(0, json.length() / 2));
    assertTrue(onlyError(dir).message().contains("truncated"));
  }

  @Test
  void aLexerOutsideTheLanguageDirectoryIsRefused(@TempDir Path tmp) throws IOException {
    Files.copy(VALID.resolve("Alphabet.g4"), tmp.resolve("Alphabet.g4"));
    Diagnostic d = onlyError(variant(tmp, "\"lexer\": \"Alphabet.g4\"", "\"lexer\": \"../Alphabet.g4\""));
    assertTrue(d.message().contains("outside the language directory"), d.message());
    assertEquals(5, d.line());
  }

  @Test
  void anAbsoluteGrammarPathIsRefused(@TempDir Path tmp) throws IOException {
    Path elsewhere = tmp.resolve("S.g4");
    Files.copy(VALID.resolve("S.g4"), elsewhere);
    Diagnostic d = onlyError(variant(tmp, "\"S.g4\"", "\"" + elsewhere + "\""));
    assertTrue(d.message().contains("outside the language directory"), d.message());
  }

  private static Path withPrompts(Path tmp, String prompts) throws IOException {
    return variant(tmp, "\"lengths\": {", "\"prompts\": " + prompts + ",\n  \"lengths\": {");
  }

  @Test
  void aNegativePromptLengthIsRefused(@TempDir Path tmp) throws IOException {
    assertEquals("\"prompts\".length must be at least 1, not -3", onlyError(withPrompts(tmp, "{\"length\": -3}")).message());
  }

  @Test
  void aPromptLongerThanEveryTrainingWordIsRefused(@TempDir Path tmp) throws IOException {
    assertEquals("\"prompts\".length 1000 exceeds the longest training word (10)", onlyError(withPrompts(tmp, "{\"length\": 1000}")).message());
  }

  @Test
  void aPromptSetThatBreaksAndChecksTheSameRuleIsRefused(@TempDir Path tmp) throws IOException {
    Diagnostic d = onlyError(withPrompts(tmp, "{\"length\": 4, \"ood\": [{\"name\": \"ood-R1\", \"breaks\": \"R1\", \"checks\": [\"R1\"]}]}"));
    assertTrue(d.message().startsWith("prompt set ood-R1 breaks and checks the same rule R1"), d.message());
  }

  @Test
  void anAbsurdMaximumLengthIsRefusedBeforeAnythingCountsToIt(@TempDir Path tmp) throws IOException {
    Diagnostic d = onlyError(variant(tmp, "\"max\": 10", "\"max\": 100000"));
    assertTrue(d.message().contains("at most " + Language.MAX_WORD_LENGTH), d.message());
  }

  @Test
  void aLengthTableWithAWordForALengthIsRefused(@TempDir Path tmp) throws IOException {
    Diagnostic d = onlyError(variant(tmp, "\"kind\": \"uniform\",\n    \"min\": 1,\n    \"max\": 10", "\"kind\": \"table\", \"weights\": {\"ten\": 1}"));
    assertTrue(d.message().contains("\"ten\" is not a length"), d.message());
  }
}
