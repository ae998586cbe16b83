package org.rulex.suite;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * A suite whose units are values of type U, each under its key: it names itself, lists the keys
 * and looks a key up; a subclass adds its units in its constructor and says how one runs.
 */
public abstract class UnitSuite<U> implements Suite {
  private final String name;
  private final String schema;
  /** Filled by the subclass's constructor, in the order the units run. */
  protected final Units<U> units;

  protected UnitSuite(String name, String schema) {
    this.name = name;
    this.schema = schema;
    this.units = new Units<>(name);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String schema() {
    return schema;
  }

  @Override
  public final List<String> units() {
    return units.keys();
  }

  @Override
  public final JsonObject runUnit(String key, SuiteContext context) {
    return run(units.get(key), context);
  }

  @Override
  public final Class<? extends Record> resultType(String key) {
    return resultType(units.get(key));
  }

  /** The record one unit's result binds to; see {@link Suite#resultType}. */
  protected abstract Class<? extends Record> resultType(U unit);

  /** Runs one unit; see {@link Suite#runUnit}. */
  protected abstract JsonObject run(U unit, SuiteContext context);
}
