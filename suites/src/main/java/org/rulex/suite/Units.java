package org.rulex.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.UserError;

/**
 * A suite's units by key, in the order they run: what {@link Suite#units()} lists and what
 * {@link Suite#runUnit} looks a key up in, so that a suite never parses its own keys back.
 */
public final class Units<T> {
  private final String suite;
  private final Map<String, T> byKey = new LinkedHashMap<>();

  public Units(String suite) {
    this.suite = suite;
  }

  /** Adds a unit; two units with one key would overwrite each other's result file. */
  public Units<T> add(String key, T unit) {
    if (byKey.putIfAbsent(key, unit) != null) throw new IllegalArgumentException(suite + ": two units share the key " + key);
    return this;
  }

  public List<String> keys() {
    return Collections.unmodifiableList(new ArrayList<>(byKey.keySet()));
  }

  /** @throws UserError naming the units there are, when the key names none of this spec */
  public T get(String key) {
    T unit = byKey.get(key);
    if (unit == null) throw new UserError("the " + suite + " suite has no unit \"" + key + "\" (units: " + String.join(", ", byKey.keySet()) + ")");
    return unit;
  }
}
