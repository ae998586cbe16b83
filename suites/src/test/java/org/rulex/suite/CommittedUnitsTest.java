package org.rulex.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.grammar.Languages;
import org.rulex.json.JsonNode;
import org.rulex.json.JsonError;
import org.rulex.json.StrictJson;

/**
 * Every suite unit file committed under results/ reads through today's records: its schema
 * version is upgraded step by step, the envelope and the result bind strictly.
 */
class CommittedUnitsTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /** results/RUN directories holding a suite spec.json and units/. */
  static List<Path> suiteRuns() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.walk(Languages.home().resolve("results"), 2)) {
      dirs.filter(d -> Files.isRegularFile(d.resolve(SuiteRunner.SPEC_FILE)) && Files.isDirectory(d.resolve("units"))).sorted().forEach(out::add);
    }
    return out;
  }

  @Test
  void everyCommittedUnitReadsThroughItsSuitesRecord(@TempDir Path scratch) throws IOException {
    List<Path> runs = suiteRuns();
    assertTrue(runs.size() >= 3, "found " + runs);
    int read = 0;
    for (Path run : runs) {
      SuiteRunner runner = new SuiteRunner(Suites.load(run.resolve(SuiteRunner.SPEC_FILE).toString()), scratch.resolve(run.getFileName()), QUIET);
      try (Stream<Path> files = Files.list(run.resolve("units"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          String key = f.getFileName().toString().replaceFirst("\\.json$", "");
          SuiteRunner.UnitFile u = runner.readUnit(f, key);
          assertEquals(key, u.key(), f.toString());
          assertEquals(runner.keys().contains(key), true, f + " is not a unit of its run's spec");
          read++;
        }
      }
    }
    assertTrue(read >= 100, "read only " + read + " unit files");
  }

  @Test
  void aVersionOneUnitIsUpgradedToTheCurrentNames() throws IOException {
    // A unit file of the first hijack run, kept as written (results/suite-hijack now holds a later run).
    Path f = Languages.home().resolve("suites/src/test/resources/units/hijack-v1-lin2__s0.json");
    JsonNode.Obj v1 = StrictJson.parseSuiteUnit(Files.readString(f), f.toString()).asObject("unit");
    assertEquals("rulex.suite.hijack/1", v1.get("schema").asString("schema"));
    JsonNode.Obj config = v1.get("result").asObject("result").get("config").asObject("config");
    assertTrue(config.members().containsKey("maxLength"));
    Suite hijack = Suites.load("hijack").suite();
    JsonNode.Obj v2 = hijack.format().upgrade(v1);
    assertEquals(hijack.schema(), v2.get("schema").asString("schema"));
    JsonNode.Obj upgraded = v2.get("result").asObject("result").get("config").asObject("config");
    assertEquals(List.of("architecture", "layers", "dModel", "heads", "ffWidth", "dropout", "positions", "maxPositions", "init"), List.copyOf(upgraded.members().keySet()));
    assertEquals(config.get("maxLength").asInt("maxLength"), upgraded.get("maxPositions").asInt("maxPositions"));
  }

  @Test
  void aSchemaNewerThanThisRulexIsAnErrorAtTheSchema() {
    Suite hijack = Suites.load("hijack").suite();
    JsonNode.Obj tree = StrictJson.parseSuiteUnit("{\n  \"schema\": \"rulex.suite.hijack/99\"}", "future.json").asObject("unit");
    JsonError e = org.junit.jupiter.api.Assertions.assertThrows(JsonError.class, () -> hijack.format().upgrade(tree));
    assertEquals(2, e.location().line());
    assertTrue(e.getMessage().contains("rulex.suite.hijack/1 to " + hijack.schema()), e.getMessage());
  }
}
