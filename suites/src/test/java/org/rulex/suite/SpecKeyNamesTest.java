package org.rulex.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.bench.SweepRunner;
import org.rulex.grammar.Languages;

/**
 * Suite specs name a model's positions maxPositions and the trainer's sequence length
 * sequenceLength; a spec in the former name maxLength means the same, and a suite directory
 * pinned with it resumes under the current names.
 */
class SpecKeyNamesTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  static String builtInText(String suite) throws IOException {
    try (InputStream in = Suites.class.getResourceAsStream("/suites/" + suite + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String inFormerNames(String json) {
    return json.replace("\"maxPositions\"", "\"maxLength\"").replace("\"sequenceLength\"", "\"maxLength\"");
  }

  @Test
  void theShippedSpecsUseTheCurrentNamesOnly() throws IOException {
    for (String suite : Suites.names()) {
      String text = builtInText(suite);
      assertFalse(text.contains("\"maxLength\""), suite);
      assertTrue(text.contains("\"maxPositions\""), suite);
    }
  }

  @Test
  void aSpecInTheFormerNamesMeansTheSame() throws IOException {
    for (String suite : Suites.names()) {
      String current = builtInText(suite);
      String former = inFormerNames(current);
      assertNotEquals(current, former, suite);
      assertEquals(Suites.meaning(current, suite), Suites.meaning(former, suite + " (former names)"), suite);
      assertEquals(Suites.parse(current, suite).suite().units(), Suites.parse(former, suite).suite().units(), suite);
    }
  }

  @Test
  void aCommittedSuiteDirectoryPinnedInTheFormerNamesResumes(@TempDir Path out) throws IOException {
    for (String suite : Suites.names()) {
      Path pinned = Languages.home().resolve("results/suite-" + suite + "/spec.json");
      if (!Files.isRegularFile(pinned)) continue;
      Path dir = out.resolve(suite);
      Files.createDirectories(dir);
      String text = Files.readString(pinned);
      Files.writeString(dir.resolve(SuiteRunner.SPEC_FILE), text);
      SuiteRunner runner = new SuiteRunner(Suites.load(pinned.toString()), dir, QUIET);
      SweepRunner.pin(runner, dir); // the pinned spec itself
      String current = new com.google.gson.Gson().toJson(Suites.meaning(text, pinned.toString()));
      assertFalse(current.contains("\"maxLength\""), current);
      SweepRunner.pin(new SuiteRunner(Suites.parse(current, "current"), dir, QUIET), dir);
      assertEquals(text, Files.readString(dir.resolve(SuiteRunner.SPEC_FILE)), "the pinned spec is left as it was");
    }
  }
}
