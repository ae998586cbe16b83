package org.rulex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build check that no test class is silently skipped: every test source in every module
 * that holds a test (JUnit or jqwik) must have a name Surefire runs. Surefire's default includes
 * are Test*, *Test, *Tests and *TestCase, and the poms add none; a class named otherwise (as
 * SamplerProperties was) compiles and never runs. It lives in the first module of the reactor so
 * that the build fails before anything else is tested.
 */
class TestClassesRunTest {
  private static final Pattern HOLDS_TESTS = Pattern.compile(
      "@(Test|Property|Example|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");

  /** Surefire's default includes, as class simple names. */
  static boolean surefireRuns(String className) {
    return className.startsWith("Test") || className.endsWith("Test") || className.endsWith("Tests") || className.endsWith("TestCase");
  }

  @Test
  void theNamingRuleIsSurefires() {
    assertTrue(surefireRuns("PromptSetsTest"));
    assertTrue(surefireRuns("TestLoss"));
    assertTrue(surefireRuns("ResultsTests"));
    assertFalse(surefireRuns("SamplerProperties"));
    assertFalse(surefireRuns("Engines"));
  }

  @Test
  void everyTestSourceInEveryModuleIsOneSurefireRuns() throws IOException {
    Path home = Path.of(System.getProperty("rulex.home", "..")).toAbsolutePath().normalize();
    List<Path> roots;
    try (Stream<Path> modules = Files.list(home)) {
      roots = modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(roots.size() >= 4, "expected the test sources of generator, models, eval and cli under " + home + ", found " + roots);
    List<String> skipped;
    int holding;
    try (Stream<Path> files = roots.stream().flatMap(TestClassesRunTest::javaFiles)) {
      List<Path> withTests = files.filter(TestClassesRunTest::holdsTests).toList();
      holding = withTests.size();
      skipped = withTests.stream()
          .filter(f -> !surefireRuns(f.getFileName().toString().replace(".java", "")))
          .map(f -> home.relativize(f).toString())
          .sorted()
          .toList();
    }
    assertTrue(holding > 20, "found only " + holding + " test classes: is rulex.home right? " + home);
    assertEquals(List.of(), skipped, "these classes hold tests that Surefire never runs: name them *Test");
  }

  private static Stream<Path> javaFiles(Path root) {
    try {
      return Files.walk(root).filter(f -> f.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean holdsTests(Path file) {
    try {
      return HOLDS_TESTS.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
