package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.grammar.Languages;

/**
 * The CI gate end to end: a baseline written from the reference checkpoint, then the degraded
 * checkpoint evaluated against edited copies of it. Every edit must make the gate fail (exit 1)
 * or refuse the input (exit 2); none may let the degraded checkpoint pass.
 */
class GateTamperTest {
  private static final Path HOME = Languages.home();
  private static final String GOOD = HOME.resolve("models/zoo/anbn-tiny").toString();
  private static final String DEGRADED = HOME.resolve("models/zoo/anbn-tiny-degraded").toString();

  @TempDir static Path dir;
  private static Path baseline;
  private static String text;

  @BeforeAll
  static void writeTheBaselineOfTheGoodCheckpoint() throws IOException {
    baseline = dir.resolve("baseline.json");
    CliRun w = CliRun.of("eval", "--checkpoint", GOOD, "--test-words", "50", "--write-baseline", baseline.toString());
    assertEquals(0, w.exitCode(), w.toString());
    text = Files.readString(baseline);
    assertFalse(text.contains("NaN") || text.contains("Infinity"), "a written baseline holds finite numbers only:\n" + text);
  }

  private static CliRun gate(String checkpoint, Path base, String... more) {
    List<String> args = new ArrayList<>(List.of("eval", "--checkpoint", checkpoint, "--baseline", base.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Path edited(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  /** The baseline's text with the first "value" of metric {@code metric} replaced. */
  private static String withValue(String metric, String value) {
    int at = text.indexOf("\"" + metric + "\": {");
    assertTrue(at >= 0, metric + " in the baseline");
    int v = text.indexOf("\"value\": ", at) + "\"value\": ".length();
    int end = text.indexOf(',', v);
    return text.substring(0, v) + value + text.substring(end);
  }

  /** The 1-based line and column of the first occurrence of {@code what} in {@code s}. */
  private static String position(String s, String what) {
    int i = s.indexOf(what);
    int line = 1 + (int) s.substring(0, i).chars().filter(c -> c == '\n').count();
    int col = i - s.lastIndexOf('\n', i - 1);
    return line + ":" + col;
  }

  private static void assertRefused(CliRun r, String... inMessage) {
    assertEquals(2, r.exitCode(), r.toString());
    for (String s : inMessage) assertTrue(r.err().contains(s), "'" + s + "' in:\n" + r);
    assertFalse(r.hasStackTrace(), r.toString());
    assertFalse(r.out().contains("no regression"), r.toString());
  }

  @Test
  void theDegradedCheckpointFailsTheUneditedBaselineAndTheGoodOnePassesIt() {
    assertEquals(1, gate(DEGRADED, baseline).exitCode());
    CliRun good = gate(GOOD, baseline);
    assertEquals(0, good.exitCode(), good.toString());
  }

  @Test
  void nanOnEveryMetricIsRefusedAtItsPosition() throws IOException {
    String nan = text.replaceAll("\"value\": [-0-9.eE]+", "\"value\": NaN");
    Path f = edited("all-nan.json", nan);
    assertRefused(gate(DEGRADED, f), f + ":" + position(nan, "NaN"), "NaN is not a JSON number");
  }

  @Test
  void nanOrInfinityOnTheTestLossIsRefused() throws IOException {
    for (String v : List.of("NaN", "Infinity", "-Infinity")) {
      String s = withValue("test/loss", v);
      Path f = edited("loss-" + v + ".json", s);
      assertRefused(gate(DEGRADED, f), f + ":" + position(s, v + ","), v + " is not a JSON number");
    }
  }

  @Test
  void aFlippedDirectionIsRefusedNamingTheMetricAndTheFile() throws IOException {
    int at = text.indexOf("\"id/R1/all\": {");
    int hib = text.indexOf("\"higherIsBetter\": true", at);
    String s = text.substring(0, hib) + "\"higherIsBetter\": false" + text.substring(hib + "\"higherIsBetter\": true".length());
    s = s.substring(0, at) + withValueIn(s.substring(at), "0.0");
    Path f = edited("flipped.json", s);
    assertRefused(gate(DEGRADED, f), f.toString(), "\"id/R1/all\"", "higherIsBetter");
    // The loss the other way round too.
    int lossAt = text.indexOf("\"test/loss\": {");
    int lhib = text.indexOf("\"higherIsBetter\": false", lossAt);
    String l = text.substring(0, lhib) + "\"higherIsBetter\": true" + text.substring(lhib + "\"higherIsBetter\": false".length());
    assertRefused(gate(DEGRADED, edited("flipped-loss.json", l)), "\"test/loss\"");
  }

  private static String withValueIn(String s, String value) {
    int v = s.indexOf("\"value\": ") + "\"value\": ".length();
    return s.substring(0, v) + value + s.substring(s.indexOf(',', v));
  }

  @Test
  void nonFiniteOrNegativeTolerancesAreRefused() throws IOException {
    for (String option : List.of("--tolerance", "--loss-tolerance"))
      for (String v : List.of("NaN", "Infinity", "-0.1"))
        assertRefused(gate(DEGRADED, baseline, option, v), option);
    Path negative = edited("negative-tolerance.json", text.replaceFirst("\"tolerance\": [0-9.eE-]+", "\"tolerance\": -1.0"));
    assertRefused(gate(DEGRADED, negative), negative.toString(), "\"tolerance\"");
  }

  @Test
  void theBaselineFileIsNeverOverwrittenWithTheMetricsItIsComparedWith() throws IOException {
    Path f = edited("same.json", text);
    // The same file, also by another spelling of its path and through a symbolic link.
    Path link = dir.resolve("link.json");
    Files.createSymbolicLink(link, f);
    for (Path write : List.of(f, dir.resolve("sub/../same.json"), link)) {
      assertRefused(gate(DEGRADED, f, "--write-baseline", write.toString()), "--write-baseline");
      assertEquals(text, Files.readString(f), "the baseline is untouched");
    }
    assertEquals(1, gate(DEGRADED, f).exitCode(), "the next run still fails");
  }

  @Test
  void aNewBaselineIsWrittenOnlyAfterTheComparisonWithTheOldOne() throws IOException {
    Path next = dir.resolve("next.json");
    CliRun r = gate(DEGRADED, baseline, "--write-baseline", next.toString());
    assertEquals(1, r.exitCode(), r.toString());
    int fail = r.out().indexOf("FAIL ");
    int wrote = r.out().indexOf("wrote baseline");
    assertTrue(fail >= 0 && wrote > fail, "compared first, written after:\n" + r);
    assertTrue(Files.exists(next));
    assertEquals(text, Files.readString(baseline), "the old baseline is untouched");
  }
}
