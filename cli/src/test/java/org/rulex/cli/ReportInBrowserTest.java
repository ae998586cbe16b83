package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rulex.grammar.Languages;

/**
 * scripts/check-report.sh on every committed bench report (results/RUN/report.html), in Debian's
 * headless chromium: the page loads offline, its tables and charts are in the DOM, and every
 * failing check prints a FAIL line. Where chromium is not installed (it is, on CI: apt-get
 * install chromium) the test is skipped and says why.
 */
class ReportInBrowserTest {
  private static boolean chromium() {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v chromium").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static List<Path> reports() throws IOException {
    try (Stream<Path> runs = Files.list(Languages.home().resolve("results"))) {
      return runs.map(r -> r.resolve("report.html"))
          .filter(r -> Files.isRegularFile(r) && Files.isDirectory(r.getParent().resolve("cells")))
          .sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCommittedBenchReportPassesInABrowser() throws IOException {
    assumeTrue(chromium(), "skipped: chromium is not installed here (as root: apt-get update && apt-get install -y chromium); "
        + "scripts/check-report.sh needs a real headless browser");
    List<Path> reports = reports();
    assertTrue(!reports.isEmpty(), "no results/*/report.html beside a cells/ directory");
    return reports.stream().map(r -> DynamicTest.dynamicTest(Languages.home().relativize(r).toString(), () -> check(r)));
  }

  private static void check(Path report) throws IOException, InterruptedException {
    Path script = Languages.home().resolve("scripts/check-report.sh");
    Process p = new ProcessBuilder("bash", script.toString(), report.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "check-report.sh did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("check-report: passed") && !out.contains("FAIL"), out);
  }
}
