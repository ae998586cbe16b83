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
import org.rulex.model.ModelZoo;
import org.rulex.train.TrainConfig;

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
    String text = BuiltInSpec.text(nameOrPath);
    if (text == null)
      throw new UserError("unknown suite '" + nameOrPath + "': the suites are " + String.join(", ", names()) + ", or give a suite spec file");
    return parse(text, "suite " + nameOrPath);
  }

  /** Builds the suite a spec text names. */
  public static Loaded parse(String text, String source) {
    JsonNode.Obj tree = currentKeys(StrictJson.parse(text, source).asObject("a suite spec"));
    String name = tree.get("suite").asString("\"suite\"");
    Function<JsonNode.Obj, Suite> factory = FACTORIES.get(name);
    if (factory == null)
      throw new JsonError(tree.members().get("suite").value().at(), "unknown suite \"" + name + "\": the suites are " + String.join(", ", names()));
    return new Loaded(text, source, factory.apply(tree));
  }

  /**
   * What a spec means, as a tree: former key names under their current ones. Two spec texts that
   * differ only in former names (a results directory pinned before a rename) mean the same.
   */
  public static com.google.gson.JsonElement meaning(String text, String source) {
    return StrictJson.toGson(currentKeys(StrictJson.parse(text, source).asObject("a suite spec")));
  }

  /**
   * The spec's tree with former keys under their current names, wherever a spec holds the shared
   * records: an object with an "architecture" is a model configuration, a "training" object whose
   * suite trains through the trainer is a {@link TrainConfig} (a suite's own training record has no
   * former keys, so the rename cannot touch it). The suites then read one set of names, and the
   * deprecation notice names the spec file's line and column.
   */
  static JsonNode.Obj currentKeys(JsonNode.Obj o) {
    Map<String, JsonNode.Member> members = new LinkedHashMap<>();
    for (JsonNode.Member m : o.members().values()) {
      JsonNode v = m.value();
      if (v instanceof JsonNode.Obj child) {
        v = currentKeys(child);
        if (m.key().equals("training")) v = StrictJson.currentKeys((JsonNode.Obj) v, TrainConfig.class);
      }
      members.put(m.key(), v == m.value() ? m : new JsonNode.Member(m.key(), m.keyAt(), v));
    }
    JsonNode.Obj out = new JsonNode.Obj(o.at(), members);
    JsonNode.Member arch = out.members().get("architecture");
    return arch != null && arch.value() instanceof JsonNode.Str a ? ModelZoo.currentKeys(out, a.value()) : out;
  }
}
