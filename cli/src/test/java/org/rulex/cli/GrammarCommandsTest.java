package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The command line's grammar verbs and `languages`, run in process through Main.run. */
class GrammarCommandsTest {

  @Test
  void languagesListsAllEightLanguagesOneLineEach() {
    CliRun r = CliRun.of("languages");
    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("name"), r::toString);
    List<String> names = lines.stream().skip(1).map(l -> l.split("\\s+")[0]).sorted().toList();
    assertEquals(List.of("abruns", "anbn", "anbncn", "ban", "bban", "bracketsmod4", "csdyck", "dyck", "dyck3", "palindrome", "palparity"), names);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("anbn ") && l.contains("L3") && l.contains("context-free") && l.contains("R1 #a = #b")), r::toString);
  }

  @Test
  void countAnbnPrintsBinomialsLinesAndOnes() {
    CliRun r = CliRun.of("grammar", "count", "anbn", "--max-length", "12");
    assertEquals(0, r.exitCode(), r::toString);
    Map<Integer, List<String>> rows = rows(r.out());
    assertEquals(13, rows.size(), r::toString);
    long[] central = {1, 0, 2, 0, 6, 0, 20, 0, 70, 0, 252, 0, 924};
    for (int n = 0; n <= 12; n++) {
      List<String> row = rows.get(n);
      assertEquals(List.of(String.valueOf(central[n]), String.valueOf(n + 1), n >= 2 && n % 2 == 0 ? "1" : "0"), row, "length " + n);
    }
  }

  @Test
  void countByAliasGivesTheSameTable() {
    assertEquals(CliRun.of("grammar", "count", "anbn", "--max-length", "6").out(), CliRun.of("grammar", "count", "L3", "--max-length", "6").out());
  }

  @Test
  void testDyckCrossingIsViableForR1ButNotForTheLanguage() {
    CliRun r = CliRun.of("grammar", "test", "dyck", "([)");
    assertEquals(0, r.exitCode(), r::toString);
    Map<String, String> byRule = r.out().lines().skip(1).collect(Collectors.toMap(l -> l.split("\\s+")[0], Function.identity()));
    // "([)": the square bracket is open (R1 can close it), the round pair is closed; a ')' has crossed '['.
    assertTrue(byRule.get("R1").matches("R1\\s+not-member\\s+viable\\s+next: \\{\\( \\) \\[ \\]\\}.*"), byRule.get("R1"));
    assertTrue(byRule.get("R2").matches("R2\\s+member\\s+viable\\s+next: \\{<eos> \\( \\[ \\]\\}.*"), byRule.get("R2"));
    assertTrue(byRule.get("L").matches("L\\s+not-member\\s+not-viable\\s+next: \\{\\}.*"), byRule.get("L"));
  }

  @Test
  void testEmptyWordAgainstAnbn() {
    CliRun r = CliRun.of("grammar", "test", "anbn", "");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().lines().anyMatch(l -> l.matches("L\\s+not-member\\s+viable\\s+next: \\{a\\}.*")), r::toString);
    assertTrue(r.out().lines().anyMatch(l -> l.matches("R1\\s+member\\s+viable\\s+next: \\{<eos> a b\\}.*")), r::toString);
  }

  @Test
  void unknownLanguageExitsTwoWithOneLine() {
    for (String[] args : List.of(new String[] {"grammar", "count", "nosuch"}, new String[] {"grammar", "test", "nosuch", "ab"})) {
      CliRun r = CliRun.of(args);
      assertEquals(2, r.exitCode(), r::toString);
      assertEquals("", r.out(), r::toString);
      assertEquals(1, r.err().lines().count(), r::toString);
      assertTrue(r.err().startsWith("rulex: unknown language 'nosuch'"), r::toString);
    }
  }

  @Test
  void wordOutsideTheAlphabetExitsTwoNamingTheColumn() {
    CliRun r = CliRun.of("grammar", "test", "anbn", "abc");
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.err().contains("column 3"), r::toString);
    assertFalse(r.hasStackTrace(), r::toString);
  }

  @Test
  void badFlagExitsTwoAndPointsAtHelp() {
    CliRun r = CliRun.of("grammar", "count", "anbn", "--no-such-flag");
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.err().contains("--no-such-flag"), r::toString);
    assertTrue(r.err().contains("--help"), r::toString);
    assertFalse(r.hasStackTrace(), r::toString);
  }

  @Test
  void badFlagValueAndNegativeLengthExitTwo() {
    CliRun notANumber = CliRun.of("grammar", "count", "anbn", "--max-length", "twelve");
    assertEquals(2, notANumber.exitCode(), notANumber::toString);
    CliRun negative = CliRun.of("grammar", "count", "anbn", "--max-length", "-1");
    assertEquals(2, negative.exitCode(), negative::toString);
    assertTrue(negative.err().contains("--max-length must be at least 0"), negative::toString);
  }

  @Test
  void checkOfAReferenceLanguagePasses() {
    CliRun r = CliRun.of("grammar", "check", "anbn");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains(": 0 error(s), 0 warning(s)"), r::toString);
  }

  /** Data rows of a count table: length to the counts of its columns. */
  private static Map<Integer, List<String>> rows(String out) {
    return out.lines().map(String::trim).filter(l -> l.matches("\\d.*"))
        .map(l -> l.split("\\s+"))
        .collect(Collectors.toMap(c -> Integer.parseInt(c[0]), c -> Arrays.asList(c).subList(1, c.length)));
  }
}
