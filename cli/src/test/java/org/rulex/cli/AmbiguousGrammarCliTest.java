package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.Languages;

/**
 * An ambiguous grammar on the command line: `grammar count` prints word counts (the Catalan
 * numbers for balanced brackets), never derivation counts, and says which method counted.
 */
class AmbiguousGrammarCliTest {
  /** Balanced-bracket words of length 2k, k = 0..20: the Catalan numbers. */
  private static final long[] CATALAN = {1, 1, 2, 5, 14, 42, 132, 429, 1430, 4862, 16796, 58786, 208012, 742900, 2674440,
      9694845, 35357670, 129644790, 477638700, 1767263190, 6564120420L};

  static String fixture() {
    return Languages.home().resolve("generator/src/test/resources/ambiguous-brackets").toString();
  }

  @Test
  void countPrintsCatalanNumbersAndSaysItCountedWordByWord() {
    CliRun r = CliRun.of("grammar", "count", fixture(), "--max-length", "20");
    assertEquals(0, r.exitCode(), r::toString);
    assertCatalanCounts(r, 20);
    List<String> methods = r.out().lines().filter(l -> l.startsWith("# R1 counted by") || l.startsWith("# L counted by")).toList();
    assertEquals(2, methods.size(), r::toString);
    for (String m : methods) assertTrue(m.contains("word by word") && m.contains("not shown unambiguous") && m.contains("in rule s"), m);
    assertFalse(r.out().contains("?"), r::toString);
  }

  @Test
  void countsStayWordCountsFarPastWhereDerivationsExplode() {
    // At length 40 the rule has astronomically many derivations per word; the deterministic parse
    // states (one per depth) still count words. Where states do run out, the count is '?' with the
    // reason: AmbiguousCountsTest drives that path with a small state limit.
    CliRun r = CliRun.of("grammar", "count", fixture(), "--max-length", "40");
    assertEquals(0, r.exitCode(), r::toString);
    assertCatalanCounts(r, 40);
    assertFalse(r.out().contains("?"), r::toString);
  }

  @Test
  void checkSaysTheRuleIsAmbiguousAndHowItIsCounted() {
    CliRun r = CliRun.of("grammar", "check", fixture());
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.err().contains("rule s is ambiguous: at length 2 it has 2 derivation paths for 1 distinct words; its words are counted and sampled one by one"), r::toString);
  }

  @Test
  void promptsJsonNamesTheMethod() {
    CliRun r = CliRun.of("prompts", fixture(), "--json");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.out().contains("\"method\": \"context-free: Earley chart; counts word by word through the deterministic parse states"), r::toString);
  }

  /** Both columns (the rule and the language) hold the Catalan numbers at even lengths, 0 at odd ones. */
  private static void assertCatalanCounts(CliRun r, int maxLength) {
    Map<Integer, List<String>> rows = rows(r.out());
    for (int n = 0; n <= maxLength; n++) {
      String words = String.valueOf(n % 2 == 0 ? CATALAN[n / 2] : 0);
      assertEquals(List.of(words, words), rows.get(n), "length " + n + ": " + r);
    }
  }

  private static Map<Integer, List<String>> rows(String out) {
    return out.lines().map(String::trim).filter(l -> l.matches("\\d.*"))
        .map(l -> l.split("\\s+"))
        .collect(Collectors.toMap(c -> Integer.parseInt(c[0]), c -> Arrays.asList(c).subList(1, c.length)));
  }
}
