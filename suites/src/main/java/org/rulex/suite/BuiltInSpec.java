package org.rulex.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.rulex.json.StrictJson;

/**
 * A suite's built-in spec (the resource suites/NAME.json), read as its record: the one place a
 * suite's defaults are kept. A spec file that leaves a key out takes the built-in spec's value;
 * the Java records hold no second copy, so the two cannot drift.
 */
public final class BuiltInSpec {
  private BuiltInSpec() {}

  /** The text of the built-in spec of a suite, or null when there is none. */
  static String text(String name) {
    try (InputStream in = BuiltInSpec.class.getResourceAsStream("/suites/" + name + ".json")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in spec of suite " + name, e);
    }
  }

  /** The built-in spec of a suite as its record; every key is in the file, so nothing is defaulted. */
  public static <T> T read(String name, Class<T> type) {
    String text = text(name);
    if (text == null) throw new IllegalStateException("no built-in spec suites/" + name + ".json");
    return StrictJson.parse(text, "suite " + name, type);
  }
}
