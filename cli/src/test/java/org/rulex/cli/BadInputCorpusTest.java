package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.AtomicFile;

/**
 * The bad-input corpus: every directory under src/test/resources/bad-input/ is one hostile input
 * that once got through, or got through badly, with the command that reads it. Its expected.txt
 * holds lines of the form
 *
 * <pre>
 * # a comment: what the input is and what went wrong before
 * args: report {dir}
 * exit: 2
 * stderr: regex that must be found in what the command printed on stderr
 * lines: 1            (optional: how many lines stderr must have)
 * absent: {out}        (optional: a path that must not exist afterwards: nothing was written)
 * </pre>
 *
 * The case's directory is copied to a fresh temporary directory first; in args, {dir} is that
 * copy, {out} a fresh directory inside it that does not exist yet, {rulex} the checkout (for the
 * committed grammars and presets), and an argument is split on white space only. Every case
 * also checks that no stack trace was printed. The command runs in-process, as {@link CliRun}.
 */
class BadInputCorpusTest {
  static final String ROOT = "bad-input";

  @TempDir Path tmp;

  record Case(String name, Path dir, List<String> args, int exit, Pattern stderr, Integer lines, String absent) {}

  static Path corpus() {
    try {
      return Path.of(BadInputCorpusTest.class.getClassLoader().getResource(ROOT).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(corpus())) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) out.add(read(d));
    }
    return out;
  }

  static Case read(Path dir) throws IOException {
    List<String> args = null;
    Integer exit = null;
    Pattern stderr = null;
    Integer lines = null;
    String absent = null;
    for (String line : Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int colon = line.indexOf(':');
      if (colon < 0) throw new IllegalStateException(dir + "/expected.txt: not 'key: value': " + line);
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "args" -> args = value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
        case "exit" -> exit = Integer.parseInt(value);
        case "stderr" -> stderr = Pattern.compile(value, Pattern.DOTALL);
        case "lines" -> lines = Integer.parseInt(value);
        case "absent" -> absent = value;
        default -> throw new IllegalStateException(dir + "/expected.txt: unknown key " + key);
      }
    }
    if (args == null || exit == null || stderr == null)
      throw new IllegalStateException(dir + "/expected.txt needs args, exit and stderr");
    return new Case(dir.getFileName().toString(), dir, args, exit, stderr, lines, absent);
  }

  @TestFactory
  Stream<DynamicTest> everyCaseOfTheCorpus() throws IOException {
    List<Case> cases = cases();
    assertFalse(cases.isEmpty(), "the corpus is empty: " + corpus());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
  }

  private void run(Case c) throws IOException {
    Path dir = tmp.resolve(c.name());
    AtomicFile.copyTree(c.dir(), dir);
    Path rulex = org.rulex.grammar.Languages.home();
    java.util.function.UnaryOperator<String> fill =
        a -> a.replace("{dir}", dir.toString()).replace("{out}", dir.resolve("out").toString()).replace("{rulex}", rulex.toString());
    List<String> args = c.args().stream().map(fill).toList();
    CliRun r = CliRun.of(args.toArray(String[]::new));
    String what = c.name() + ": rulex " + String.join(" ", args) + "\n" + r;
    assertEquals(c.exit(), r.exitCode(), what);
    assertTrue(c.stderr().matcher(r.err()).find(), "stderr must match /" + c.stderr() + "/\n" + what);
    assertFalse(r.hasStackTrace(), what);
    if (c.lines() != null) assertEquals(c.lines().longValue(), r.err().lines().count(), what);
    if (c.absent() != null) assertFalse(Files.exists(Path.of(fill.apply(c.absent()))), "nothing written: " + what);
  }
}
