package org.rulex.suite;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.AtomicFile;
import org.rulex.UserError;
import org.rulex.bench.BenchRunner;
import org.rulex.bench.ChildProcessPool;
import org.rulex.bench.OutputLock;
import org.rulex.bench.Shard;
import org.rulex.grammar.Languages;
import org.rulex.json.StrictJson;
import org.rulex.result.Provenance;

/**
 * Runs a suite's unfinished units, each in its own JVM, then writes its report. The layout of a
 * suite's directory: spec.json (the spec, pinned: a different spec in the same directory is
 * refused), units/KEY.json (one unit's result in an envelope, written atomically by the unit's own
 * process), logs/KEY.log, and summary.json, report.md, report.html. A unit is finished when its
 * file is there and reads as that unit's result of this suite and schema; anything else is moved
 * aside and runs again, so an interrupted run resumes where it stopped.
 */
public final class SuiteRunner {

  /** The hidden command a unit's process runs. */
  public static final String UNIT_COMMAND = "suite-unit";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

  /** A unit's result file: what ran, on what, how long, and the suite's own result. */
  public record UnitFile(String schema, String suite, String key, String rulexVersion, String djlVersion, String javaVersion,
      String gitRevision, double wallSeconds, JsonObject result) {}

  /** Outcome of a run: units finished before, run now, failed now. */
  public record Summary(int skipped, int ran, List<String> failed, long wallMillis) {}

  private final Suites.Loaded loaded;
  private final Path out;
  private final PrintStream log;

  public SuiteRunner(Suites.Loaded loaded, Path out, PrintStream log) {
    this.loaded = loaded;
    this.out = out;
    this.log = log;
  }

  public static Path specFile(Path out) {
    return out.resolve("spec.json");
  }

  public static Path unitFile(Path out, String key) {
    return out.resolve("units").resolve(key + ".json");
  }

  /** Runs this shard's unfinished units, parallel at a time, each in a child JVM started by {@code jvm}. */
  public Summary run(Shard shard, int parallel, List<String> jvm) {
    try (OutputLock lock = OutputLock.acquire(out)) {
      pinSpec();
      Suite suite = loaded.suite();
      List<String> mine = shard.selectKeys(suite.units());
      List<String> todo = mine.stream().filter(k -> !finished(k)).toList();
      log.printf("rulex suite %s: shard %s: %d units, %d finished before, %d to run, %d at a time%n",
          suite.name(), shard, mine.size(), mine.size() - todo.size(), todo.size(), parallel);
      List<ChildProcessPool.Job> jobs = new ArrayList<>();
      for (String key : todo) {
        List<String> cmd = new ArrayList<>(jvm);
        cmd.addAll(List.of(UNIT_COMMAND, "--spec", specFile(out).toString(), "--unit", key, "--out", out.toString(), BenchRunner.WATCH_PARENT));
        jobs.add(new ChildProcessPool.Job(key, cmd, out.resolve("logs").resolve(key + ".log"), () -> finished(key)));
      }
      ChildProcessPool.Outcome o = new ChildProcessPool(parallel, log).run(jobs);
      return new Summary(mine.size() - todo.size(), o.ran(), o.failed(), o.wallMillis());
    }
  }

  /** Runs one unit in this JVM and writes its result file (what a unit's process does). */
  public void runUnit(String key) {
    Suite suite = loaded.suite();
    if (!suite.units().contains(key))
      throw new UserError("suite " + suite.name() + " has no unit '" + key + "' (" + loaded.source() + ")");
    long t0 = System.nanoTime();
    JsonObject result = suite.runUnit(key, new SuiteContext(out, log));
    double seconds = (System.nanoTime() - t0) / 1e9;
    var v = Provenance.versions();
    UnitFile file = new UnitFile(suite.schema(), suite.name(), key, v.rulex(), v.djl(), v.java(),
        Provenance.gitRevision(Languages.home()), Math.round(seconds * 10) / 10.0, result);
    AtomicFile.write(unitFile(out, key), GSON.toJson(file) + "\n");
    log.printf("rulex suite %s: unit %s done in %.1f s%n", suite.name(), key, seconds);
  }

  /** Reads every finished unit (key -> the suite's result), in the suite's unit order. */
  public Map<String, JsonObject> results() {
    Map<String, JsonObject> results = new LinkedHashMap<>();
    for (String key : loaded.suite().units()) {
      Path f = unitFile(out, key);
      if (Files.exists(f)) read(f, key).ifPresent(u -> results.put(key, u.result()));
    }
    return results;
  }

  /** Aggregates the finished units and writes summary.json, report.md and report.html; returns the report. */
  public SuiteReport writeReport() {
    SuiteReport r = loaded.suite().report(results());
    AtomicFile.write(out.resolve("summary.json"), GSON.toJson(r.summary()) + "\n");
    AtomicFile.write(out.resolve("report.md"), "# rulex suite " + loaded.suite().name() + "\n\n" + r.markdown().strip() + "\n");
    AtomicFile.write(out.resolve("report.html"), page(loaded.suite().name(), r.html()));
    return r;
  }

  /** A self-contained HTML page around a suite's section. */
  public static String page(String name, String section) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rulex suite " + name + "</title>\n<style>\n"
        + "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}\n"
        + "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}\n"
        + "th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;white-space:nowrap}th{background:#f0f0f0}\n"
        + "figure{margin:0}figcaption{font-size:12px;color:#555;max-width:560px}svg text{font-family:system-ui,sans-serif}\n"
        + "</style>\n</head>\n<body>\n<h1>rulex suite " + name + "</h1>\n" + section + "\n</body>\n</html>\n";
  }

  private void pinSpec() {
    Path p = specFile(out);
    try {
      Files.createDirectories(out.resolve("units"));
      Files.createDirectories(out.resolve("logs"));
      if (Files.exists(p)) {
        String old = Files.readString(p, StandardCharsets.UTF_8);
        if (!old.strip().equals(loaded.text().strip()))
          throw new UserError(out + " holds results of a different suite spec (" + p + "): use another --out, or delete that directory to start over");
        return;
      }
    } catch (IOException e) {
      throw new UserError(out + ": cannot write: " + e.getMessage());
    }
    AtomicFile.write(p, loaded.text().strip() + "\n");
  }

  /** Whether a unit's result is there and is this unit's; a file that is not is moved aside. */
  boolean finished(String key) {
    Path f = unitFile(out, key);
    if (!Files.exists(f)) return false;
    if (read(f, key).isPresent()) return true;
    Path aside = f.resolveSibling(f.getFileName() + ".corrupt");
    for (int i = 1; Files.exists(aside); i++) aside = f.resolveSibling(f.getFileName() + ".corrupt-" + i);
    try {
      Files.move(f, aside);
    } catch (IOException e) {
      throw new UserError(f + ": not a readable unit result, and cannot be moved aside: " + e.getMessage());
    }
    log.printf("rulex suite: %s is not a readable result of unit %s: moved to %s, the unit runs again%n", f, key, aside.getFileName());
    return false;
  }

  private java.util.Optional<UnitFile> read(Path f, String key) {
    try {
      JsonElement tree = StrictJson.toGson(StrictJson.parseSuiteUnit(Files.readString(f, StandardCharsets.UTF_8), f.toString()));
      UnitFile u = GSON.fromJson(tree, UnitFile.class);
      Suite s = loaded.suite();
      if (u == null || u.result() == null || !key.equals(u.key()) || !s.name().equals(u.suite()) || !s.schema().equals(u.schema()))
        return java.util.Optional.empty();
      return java.util.Optional.of(u);
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** Suite directories among these: those holding a spec.json. */
  public static List<Path> suiteDirs(List<Path> dirs) {
    return dirs.stream().filter(d -> Files.isRegularFile(specFile(d))).toList();
  }
}
