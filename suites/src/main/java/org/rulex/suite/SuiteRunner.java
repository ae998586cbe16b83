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
import org.rulex.bench.Shard;
import org.rulex.bench.Sweep;
import org.rulex.bench.SweepRunner;
import org.rulex.grammar.Languages;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.report.Document;
import org.rulex.report.HtmlRenderer;
import org.rulex.report.MarkdownRenderer;
import org.rulex.result.Provenance;

/**
 * A suite as a {@link Sweep}, run by the {@link SweepRunner} like the bench, and its report. The
 * layout of a suite's directory: spec.json (the spec, pinned: a different spec in the same
 * directory is refused), units/KEY.json (one unit's result in an envelope, written atomically by
 * the unit's own process), logs/KEY.log, and summary.json, report.md, report.html. A unit is
 * finished when its file is there and reads as that unit's result of this suite and schema;
 * anything else is moved aside and runs again, so an interrupted run resumes where it stopped.
 */
public final class SuiteRunner implements Sweep {

  /** The pinned spec's file name. */
  public static final String SPEC_FILE = "spec.json";

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
    return out.resolve(SPEC_FILE);
  }

  @Override
  public String label() {
    return "suite " + loaded.suite().name();
  }

  @Override
  public String pinName() {
    return SPEC_FILE;
  }

  @Override
  public String pinText() {
    return loaded.text();
  }

  /** Compares what the specs mean (see {@link Suites#meaning}), so former key names resume too. */
  @Override
  public boolean samePin(Path pinned, String pinnedText) {
    if (SweepRunner.samePinText(this, pinnedText)) return true;
    try {
      return Suites.meaning(pinnedText, pinned.toString()).equals(Suites.meaning(loaded.text(), loaded.source()));
    } catch (UserError unreadable) {
      return false;
    }
  }

  @Override
  public String unitsDir() {
    return "units";
  }

  @Override
  public List<String> keys() {
    return loaded.suite().units();
  }

  @Override
  public String problem(Path file, String key) {
    try {
      readUnit(file, key);
      return null;
    } catch (RuntimeException e) {
      return "not a result of unit " + key + " of suite " + loaded.suite().name() + ", schema " + loaded.suite().schema() + ": " + e.getMessage();
    }
  }

  @Override
  public void runUnit(Path out, String key) {
    if (!out.toAbsolutePath().normalize().equals(this.out.toAbsolutePath().normalize()))
      throw new IllegalArgumentException("unit asked for " + out + ", runner made for " + this.out);
    runUnit(key);
  }

  public static Path unitFile(Path out, String key) {
    return out.resolve("units").resolve(key + ".json");
  }

  /** Runs this shard's unfinished units, parallel at a time, each in a child JVM started by {@code jvm}. */
  public Summary run(Shard shard, int parallel, List<String> jvm) {
    SweepRunner.Summary s = SweepRunner.run(this, out, shard, parallel, jvm, log);
    return new Summary(s.skipped(), s.ran(), s.failed(), s.wallMillis());
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
    Document page = r.document(loaded.suite().name());
    AtomicFile.write(out.resolve("report.md"), MarkdownRenderer.render(page));
    AtomicFile.write(out.resolve("report.html"), HtmlRenderer.render(page));
    return r;
  }

  /** Whether a unit's result is there and is this unit's; a file that is not is moved aside. */
  boolean finished(String key) {
    return SweepRunner.finished(this, out, key, log);
  }

  private java.util.Optional<UnitFile> read(Path f, String key) {
    try {
      return java.util.Optional.of(readUnit(f, key));
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Reads one unit's file strictly: an older schema version is upgraded first (see
   * {@link Suite#format}), then the envelope binds to {@link UnitFile} and the result to the
   * suite's record for this unit ({@link Suite#resultType}); an unknown key or a wrong type is an
   * error at file:line:col, as is a file of another unit or suite.
   */
  public UnitFile readUnit(Path f, String key) {
    Suite s = loaded.suite();
    JsonNode.Obj tree = s.format().upgrade(StrictJson.parseSuiteUnit(StrictJson.readText(f), f.toString()).asObject("a unit file"));
    UnitFile u = StrictJson.bindNullAsNaN(tree, UnitFile.class);
    if (!s.name().equals(u.suite())) throw new JsonError(tree.get("suite").at(), "a unit of suite \"" + u.suite() + "\", not of " + s.name());
    if (!key.equals(u.key())) throw new JsonError(tree.get("key").at(), "the result of unit \"" + u.key() + "\", not of " + key);
    StrictJson.bindNullAsNaN(tree.get("result"), s.resultType(key));
    return u;
  }

  /**
   * Merges the units of several directories of one suite spec (shards of one run) into target,
   * which gets the spec pinned; a unit with two different results is an error. Returns the
   * runner of target, whose report then covers every shard's units.
   */
  public static SuiteRunner merge(List<Path> dirs, Path target, PrintStream log) {
    String text = null;
    Path first = null;
    for (Path d : dirs) {
      String t;
      try {
        t = Files.readString(specFile(d), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UserError(specFile(d) + ": cannot read: " + e.getMessage());
      }
      if (text == null) {
        text = t;
        first = d;
      } else if (!text.equals(t)) {
        throw new UserError(specFile(first) + " and " + specFile(d) + " are different suite specs: only shards of one run merge into one report");
      }
    }
    SuiteRunner runner = new SuiteRunner(Suites.load(specFile(first).toString()), target, log);
    SweepRunner.pin(runner, target);
    for (Path d : dirs) {
      if (d.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) continue;
      for (String key : runner.keys()) {
        Path from = unitFile(d, key);
        if (!Files.isRegularFile(from) || runner.read(from, key).isEmpty()) continue;
        Path to = unitFile(target, key);
        try {
          String json = Files.readString(from, StandardCharsets.UTF_8);
          if (Files.isRegularFile(to)) {
            if (!Files.readString(to, StandardCharsets.UTF_8).equals(json))
              throw new UserError("unit " + key + " has two different results: " + from + " and " + to + "; keep one");
            continue;
          }
          AtomicFile.write(to, json);
        } catch (IOException e) {
          throw new UserError(from + ": cannot copy to " + to + ": " + e.getMessage());
        }
      }
    }
    return runner;
  }

  /** Suite directories among these: those holding a spec.json. */
  public static List<Path> suiteDirs(List<Path> dirs) {
    return dirs.stream().filter(d -> Files.isRegularFile(specFile(d))).toList();
  }
}
