package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite command's errors: one line, exit 2, at the spec's line and column. */
class SuiteCommandTest {

  @Test
  void anUnknownSuiteNameIsOneLineAndExitTwo() {
    CliRun r = CliRun.of("suite", "no-such-suite");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("unknown suite 'no-such-suite'"), r.toString());
    assertFalse(r.hasStackTrace(), r.toString());
  }

  @Test
  void aSpecNamingNoKnownSuiteIsAnErrorAtItsLine(@TempDir Path tmp) throws IOException {
    Path spec = tmp.resolve("spec.json");
    Files.writeString(spec, "{\n  \"suite\": \"nonsense\"\n}\n");
    CliRun r = CliRun.of("suite", spec.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains(spec + ":2:"), r.toString());
    assertTrue(r.err().contains("unknown suite \"nonsense\""), r.toString());
    assertFalse(Files.exists(tmp.resolve("out")), "nothing is written for a bad spec");
  }

  @Test
  void aSpecThatIsNotJsonIsAnErrorAtItsPlace(@TempDir Path tmp) throws IOException {
    Path spec = tmp.resolve("spec.json");
    Files.writeString(spec, "{\"suite\": \"hijack\",\n  \"seeds\": [1, 2,\n");
    CliRun r = CliRun.of("suite", spec.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains(spec.toString() + ":"), r.toString());
    assertFalse(r.hasStackTrace(), r.toString());
  }

  @Test
  void reportOnAnEmptySuiteDirectoryIsAUserError(@TempDir Path tmp) {
    CliRun r = CliRun.of("report", tmp.resolve("missing").toString());
    assertEquals(2, r.exitCode(), r.toString());
  }
}
