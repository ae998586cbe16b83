package org.rulex.suite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;

/**
 * The suites rulex knows, and their spec files. A spec is a JSON object whose "suite" key names the
 * suite; the rest is the suite's own settings, read strictly by the suite (an unknown key or a
 * value of the wrong type is an error at its line and column). Built-in specs are resources
 * suites/NAME.json; a user's spec is any file.
 */
public final class Suites {
  private Suites() {}

  /** A spec as read: its text (pinned beside the results), where it came from, and the suite built from it. */
  public record Loaded(String text, String source, Suite suite) {}

  /** Suite name -> how to build it from its spec tree (the whole object, "suite" key included). */
  private static final Map<String, Function<JsonNode.Obj, Suite>> FACTORIES = new LinkedHashMap<>();

  static {
    // Each suite registers here, one line.
    FACTORIES.put("hijack", org.rulex.suite.hijack.HijackSuite::fromSpec);
    FACTORIES.put("rules", org.rulex.suite.rules.RulesSuite::fromSpec);
    FACTORIES.put("diversity", org.rulex.suite.diversity.DiversitySuite::fromSpec);
  }

  /** Adds a suite (tests register a fake one; the built-in suites register in the static block). */
  static synchronized void register(String name, Function<JsonNode.Obj, Suite> factory) {
    FACTORIES.put(name, factory);
  }

  /** The names of the suites, which are also the names of their built-in specs. */
  public static java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(FACTORIES.keySet());
  }

  /** A built-in spec by suite name (hijack), or a spec file. */
  public static Loaded load(String nameOrPath) {
    Path p = Path.of(nameOrPath);
    if (Files.isRegularFile(p)) return parse(StrictJson.readText(p), p.toString());
    if (nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator) || nameOrPath.endsWith(".json"))
      throw new UserError(nameOrPath + ": no such suite spec file" + (Files.isDirectory(p) ? " (it is a directory)" : "")
          + "; the built-in suites are " + String.join(", ", names()));
    try (InputStream in = Suites.class.getResourceAsStream("/suites/" + nameOrPath + ".json")) {
      if (in == null)
        throw new UserError("unknown suite '" + nameOrPath + "': the suites are " + String.join(", ", names()) + ", or give a suite spec file");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "suite " + nameOrPath);
    } catch (IOException e) {
      throw new UserError("cannot read suite spec " + nameOrPath + ": " + e.getMessage());
    }
  }

  /** Builds the suite a spec text names. */
  public static Loaded parse(String text, String source) {
    JsonNode.Obj tree = StrictJson.parse(text, source).asObject("a suite spec");
    String name = tree.get("suite").asString("\"suite\"");
    Function<JsonNode.Obj, Suite> factory = FACTORIES.get(name);
    if (factory == null)
      throw new JsonError(tree.members().get("suite").value().at(), "unknown suite \"" + name + "\": the suites are " + String.join(", ", names()));
    return new Loaded(text, source, factory.apply(tree));
  }
}
