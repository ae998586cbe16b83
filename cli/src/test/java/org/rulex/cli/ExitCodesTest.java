package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.grammar.Languages;

/** Failures become exit codes in one place: user errors 2 in one line, faults 3 without a trace. */
class ExitCodesTest {
  private static String[] handle(Exception e, boolean debug, int[] code) {
    StringWriter s = new StringWriter();
    code[0] = Main.exitCodeFor(e, new PrintWriter(s, true), debug);
    return s.toString().lines().toArray(String[]::new);
  }

  @Test
  void aUserErrorIsOneLineAndExitTwo() {
    int[] code = new int[1];
    String[] lines = handle(new UserError("bad.json:3:4: unknown key \"x\""), false, code);
    assertEquals(Main.USER_ERROR, code[0]);
    assertEquals(1, lines.length);
    assertEquals("rulex: bad.json:3:4: unknown key \"x\"", lines[0]);
  }

  @Test
  void aUserErrorWrappedByAnExecutorIsStillAUserError() {
    int[] code = new int[1];
    handle(new RuntimeException(new java.util.concurrent.ExecutionException(new UserError("no such language"))), false, code);
    assertEquals(Main.USER_ERROR, code[0]);
  }

  @Test
  void aMissingFileIsAUserError() {
    int[] code = new int[1];
    String[] lines = handle(new UncheckedIOException(new NoSuchFileException("/nowhere/x.json")), false, code);
    assertEquals(Main.USER_ERROR, code[0]);
    assertEquals("rulex: /nowhere/x.json: no such file or directory", lines[0]);
  }

  @Test
  void anInternalErrorExitsThreeWithoutATraceUnlessDebugging() {
    int[] code = new int[1];
    String[] lines = handle(new IllegalStateException("broken invariant"), false, code);
    assertEquals(Main.INTERNAL_ERROR, code[0]);
    assertEquals("rulex: internal error: IllegalStateException: broken invariant", lines[0]);
    assertTrue(lines[1].contains(Main.DEBUG_ENV + "=1"));
    assertFalse(String.join("\n", lines).contains("\tat "));
    String[] debug = handle(new IllegalStateException("broken invariant"), true, code);
    assertTrue(String.join("\n", debug).contains("\tat "), "the trace is there when asked for");
  }

  @Test
  void aMalformedBaselineIsNotReportedAsARegressionNorWithATrace(@TempDir Path tmp) throws IOException {
    Path baseline = tmp.resolve("baseline.json");
    Files.writeString(baseline, "{\"metrics\": [");
    Path home = Languages.home();
    CliRun r = CliRun.of("eval", "--checkpoint", home.resolve("models/zoo/anbn-tiny").toString(), "--baseline", baseline.toString());
    assertEquals(Main.USER_ERROR, r.exitCode(), "a broken baseline is the user's to fix, not a regression: " + r);
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().contains(baseline.toString()), r.toString());
  }
}
