package org.rulex.suite;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.bench.ChildProcessPool;
import org.rulex.bench.Shard;
import org.rulex.json.JsonNode;
import org.rulex.report.Document;

/** The runner with a fake suite whose unit i squares i: files, resume, corruption, pinning, child processes. */
class SuiteRunnerTest {

  /** units u0..u(n-1); unit ui's result is {"square": i*i}; the report sums the squares of finished units. */
  record Squares(int n) implements Suite {
    static Suite fromSpec(JsonNode.Obj tree) {
      return new Squares(tree.get("n").asInt("\"n\""));
    }

    public String name() { return "squares"; }
    public String schema() { return "rulex.suite.squares/1"; }

    /** A unit's result, read strictly. */
    record Square(int square) {}

    public Class<? extends Record> resultType(String key) { return Square.class; }

    public List<String> units() {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) keys.add("u" + i);
      return keys;
    }

    public JsonObject runUnit(String key, SuiteContext context) {
      int i = Integer.parseInt(key.substring(1));
      JsonObject o = new JsonObject();
      o.addProperty("square", i * i);
      return o;
    }

    public SuiteReport report(Map<String, JsonObject> results) {
      int sum = 0;
      for (JsonObject o : results.values()) sum += o.get("square").getAsInt();
      JsonObject s = new JsonObject();
      s.addProperty("units", results.size());
      s.addProperty("sum", sum);
      return new SuiteReport(s, List.of(new Document.Heading(2, "Squares"), Document.Paragraph.plain("sum " + sum)));
    }
  }

  static {
    Suites.register("squares", Squares::fromSpec);
  }

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  static Suites.Loaded spec(int n) {
    return Suites.parse("{\"suite\": \"squares\", \"n\": " + n + "}", "test spec");
  }

  @Test
  void aUnitWritesItsResultInAnEnvelopeAndTheReportReadsIt(@TempDir Path out) throws Exception {
    SuiteRunner runner = new SuiteRunner(spec(4), out, QUIET);
    runner.runUnit("u3");
    runner.runUnit("u2");
    String file = Files.readString(SuiteRunner.unitFile(out, "u3"));
    assertTrue(file.contains("\"schema\": \"rulex.suite.squares/1\"") && file.contains("\"key\": \"u3\""), file);
    assertEquals(List.of("u2", "u3"), List.copyOf(runner.results().keySet()));
    SuiteReport r = runner.writeReport();
    assertEquals(13, r.summary().get("sum").getAsInt());
    assertTrue(Files.readString(out.resolve("report.md")).contains("sum 13"));
    assertTrue(Files.readString(out.resolve("report.html")).startsWith("<!DOCTYPE html>"));
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"sum\": 13"));
  }

  @Test
  void anUnknownUnitIsAUserError(@TempDir Path out) {
    UserError e = assertThrows(UserError.class, () -> new SuiteRunner(spec(2), out, QUIET).runUnit("u7"));
    assertTrue(e.getMessage().contains("u7"), e.getMessage());
  }

  @Test
  void aDamagedOrForeignResultIsMovedAsideAndRunsAgain(@TempDir Path out) throws Exception {
    SuiteRunner runner = new SuiteRunner(spec(3), out, QUIET);
    runner.runUnit("u1");
    assertTrue(runner.finished("u1"));
    Path f = SuiteRunner.unitFile(out, "u1");
    Files.writeString(f, "{\"schema\": \"rulex.suite.squares/1\", \"key\": \"u1\", \"resu");
    assertFalse(runner.finished("u1"));
    assertFalse(Files.exists(f));
    assertTrue(Files.exists(f.resolveSibling("u1.json.corrupt")));
    // u2's result copied to u1's place is not u1's result
    runner.runUnit("u2");
    Files.copy(SuiteRunner.unitFile(out, "u2"), f);
    assertFalse(runner.finished("u1"));
    assertTrue(Files.exists(f.resolveSibling("u1.json.corrupt-1")));
    assertEquals(List.of("u2"), List.copyOf(runner.results().keySet()));
  }

  @Test
  void aResultWithAnUnknownKeyOrAWrongTypeIsAnErrorAtItsPlace(@TempDir Path out) throws Exception {
    SuiteRunner runner = new SuiteRunner(spec(3), out, QUIET);
    runner.runUnit("u2");
    Path f = SuiteRunner.unitFile(out, "u2");
    String good = Files.readString(f);
    assertEquals(4, runner.readUnit(f, "u2").result().get("square").getAsInt());
    Files.writeString(f, good.replace("\"square\": 4", "\"square\": 4,\n    \"cube\": 8"));
    org.rulex.json.JsonError unknown = assertThrows(org.rulex.json.JsonError.class, () -> runner.readUnit(f, "u2"));
    assertTrue(unknown.getMessage().contains("unknown key \"cube\""), unknown.getMessage());
    assertTrue(unknown.location().line() > 1, unknown.getMessage());
    Files.writeString(f, good.replace("\"square\": 4", "\"square\": \"4\""));
    assertThrows(org.rulex.json.JsonError.class, () -> runner.readUnit(f, "u2"));
    Files.writeString(f, good.replace("\"wallSeconds\"", "\"wallSecs\""));
    assertThrows(org.rulex.json.JsonError.class, () -> runner.readUnit(f, "u2"));
    assertFalse(runner.finished("u2"), "a file that does not read strictly is not a finished unit");
  }

  @Test
  void aDifferentSpecInTheSameDirectoryIsRefused(@TempDir Path out) {
    List<String> noJvm = List.of("false");
    new SuiteRunner(spec(0), out, QUIET).run(new Shard(0, 1), 1, noJvm);
    UserError e = assertThrows(UserError.class, () -> new SuiteRunner(spec(1), out, QUIET).run(new Shard(0, 1), 1, noJvm));
    assertTrue(e.getMessage().contains("different suite spec"), e.getMessage());
  }

  /** Child processes: every unit runs once, a second run skips them all, and shards split the units. */
  @Test
  void unitsRunInChildProcessesAndResume(@TempDir Path out) throws Exception {
    List<String> jvm = ChildProcessPool.currentJvmCommand(UnitMain.class.getName());
    SuiteRunner.Summary first = new SuiteRunner(spec(3), out, QUIET).run(new Shard(1, 2), 2, jvm);
    assertEquals(List.of(), first.failed());
    assertEquals(1, first.ran()); // shard 1/2 of u0 u1 u2 is u1
    assertTrue(Files.exists(SuiteRunner.unitFile(out, "u1")));
    SuiteRunner.Summary all = new SuiteRunner(spec(3), out, QUIET).run(new Shard(0, 1), 2, jvm);
    assertEquals(2, all.ran());
    assertEquals(1, all.skipped());
    SuiteRunner.Summary again = new SuiteRunner(spec(3), out, QUIET).run(new Shard(0, 1), 2, jvm);
    assertEquals(0, again.ran());
    assertEquals(3, again.skipped());
    assertEquals(5, new SuiteRunner(spec(3), out, QUIET).writeReport().summary().get("sum").getAsInt());
  }

  @Test
  void aUnitProcessThatLeavesNoResultFails(@TempDir Path out) {
    SuiteRunner.Summary s = new SuiteRunner(spec(1), out, QUIET).run(new Shard(0, 1), 1, List.of("true"));
    assertEquals(1, s.failed().size());
    assertTrue(s.failed().get(0).startsWith("u0: exit code 0"), s.failed().get(0));
  }

  /** What 'rulex suite-unit' does, for the fake suite: args are suite-unit --spec F --unit K --out D --watch-parent. */
  public static final class UnitMain {
    public static void main(String[] args) {
      Suites.register("squares", Squares::fromSpec);
      new SuiteRunner(Suites.load(args[2]), Path.of(args[6]), System.err).runUnit(args[4]);
    }
  }
}
