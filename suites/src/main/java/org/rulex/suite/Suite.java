package org.rulex.suite;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.rulex.json.VersionedSchema;

/**
 * A suite: an experiment from a seed paper, cut into units (one model, one seed, one condition)
 * that run independently, each in its own JVM, and are aggregated into one report section. A
 * suite is built from its spec file (see {@link Suites}); the same spec gives the same units, and
 * the same unit key gives the same result.
 */
public interface Suite {

  /** The name the spec files and the CLI use: hijack, diversity, rules. */
  String name();

  /**
   * The schema of a unit's result, versioned: "rulex.suite.hijack/2". Bump it when the result
   * changes shape, and add the step that reads the previous version to {@link UnitUpgrades}.
   */
  String schema();

  /** The unit result's format: {@link #schema()} and the steps that read its older versions. */
  default VersionedSchema format() {
    return UnitUpgrades.format(schema());
  }

  /**
   * The record a unit's result binds to, read strictly (an unknown key or a wrong type is an
   * error at file:line:col); a suite with several kinds of unit has one record per kind.
   */
  Class<? extends Record> resultType(String key);

  /** Every unit of this spec, in a stable order; keys are file-name safe (letters, digits, '-', '_', '.'). */
  List<String> units();

  /**
   * Runs one unit and returns its result. Called in a fresh JVM (DJL allows one gradient collector
   * per process), so a unit may train; it writes nothing itself: the runner writes the result
   * atomically.
   */
  JsonObject runUnit(String key, SuiteContext context);

  /** Aggregates the results of the finished units (key -> result), some possibly missing, into the report. */
  SuiteReport report(Map<String, JsonObject> results);
}
