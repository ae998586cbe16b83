package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli.md is the commands' own --help: it fails here the moment a command changes and the page does not. */
class CliReferenceTest {
  private static Path home() {
    return Path.of(System.getProperty("rulex.home", "..")).toAbsolutePath().normalize();
  }

  @Test
  void docsCliMdIsWhatTheCommandsPrint() throws IOException {
    Path page = home().resolve("docs/cli.md");
    String expected = CliReference.markdown();
    if (!Files.isRegularFile(page)) fail(page + " is missing; generate it with: " + CliReference.REGENERATE);
    String actual = Files.readString(page, StandardCharsets.UTF_8);
    if (!actual.equals(expected)) {
      // Name the first line that differs: the whole page in an assertion message reads badly.
      String[] a = actual.split("\n", -1);
      String[] e = expected.split("\n", -1);
      int i = 0;
      while (i < a.length && i < e.length && a[i].equals(e[i])) i++;
      fail("docs/cli.md differs from the commands' --help (first at line " + (i + 1) + ":\n  file:      "
          + (i < a.length ? a[i] : "<end of file>") + "\n  generated: " + (i < e.length ? e[i] : "<end of text>")
          + "\nregenerate it from the repository root with: " + CliReference.REGENERATE);
    }
  }

  @Test
  void theGeneratorIsReachableFromTheCommandLineAndCoversEveryVisibleCommand() {
    CliRun r = CliRun.of("docs", "cli");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(CliReference.markdown(), r.out());
    for (String heading : new String[] {"## rulex\n", "## rulex grammar count\n", "## rulex bench\n", "## rulex perf decode\n", "## rulex suite\n"})
      assertTrue(r.out().contains(heading), heading);
    // Hidden commands are plumbing for child processes and for this page; they stay out of it.
    assertTrue(!r.out().contains("## rulex bench-cell") && !r.out().contains("## rulex docs") && !r.out().contains("## rulex help"), r.out());
  }

  @Test
  void anchorsFollowGitHubsRule() {
    assertEquals("rulex-grammar-count", CliReference.anchor("rulex grammar count"));
    assertEquals("rulex-perf-decode", CliReference.anchor("rulex perf decode"));
  }
}
