package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.rulex.UserError;
import org.rulex.bench.Preset;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.regress.Baseline;
import org.rulex.suite.Suites;
import org.rulex.train.RunConfig;

/**
 * Every configuration file rulex ships (presets, suite specs, run configurations, baselines,
 * language.json), mutated once: a key dropped, duplicated or given a value of another type, a
 * value made NaN or a number pushed far out of range. Each mutation must be refused as bad input
 * (a {@link UserError}, exit 2) naming the file at a line and column, or accepted; a duplicated
 * key, another type or a NaN may only be accepted with the same meaning as the file had (a silent
 * default or coercion is the defect this looks for). A dropped key or another number may be a
 * valid file with another meaning; it must still never be a fault in rulex (exit 3).
 */
class ConfigMutationPropertiesTest {
  private static final Path HOME = Languages.home();

  /** One kind of configuration file: where the shipped ones are, and how rulex reads one into what it means. */
  private record Kind(String name, List<Path> files, Function<Path, Object> meaning) {}

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Derived from the checkout, so that a new preset, spec or language is mutated too. */
  private static final List<Kind> KINDS = List.of(
      new Kind("preset", list(HOME.resolve("eval/src/main/resources/presets"), ".json"), p -> Preset.load(p.toString())),
      new Kind("suite spec", list(HOME.resolve("suites/src/main/resources/suites"), ".json"), ConfigMutationPropertiesTest::suiteSpec),
      new Kind("run configuration", list(HOME.resolve("models/zoo"), ".run.json"), RunConfig::read),
      new Kind("baseline", list(HOME.resolve("results/baselines"), ".json"), Baseline::read),
      new Kind("language.json", Languages.standard().all().stream().map(l -> l.dir().resolve(Language.MANIFEST)).toList(),
          ConfigMutationPropertiesTest::languageSpec));

  enum Mutation { DROP, DUPLICATE, RETYPE, NAN, OUT_OF_RANGE }

  @Property(tries = 60)
  void everyMutationIsRefusedAtALineAndColumnOrMeansWhatTheFileMeant(
      @ForAll @IntRange(min = 0, max = 10_000) int file, @ForAll @IntRange(min = 0, max = 10_000) int member, @ForAll Mutation mutation)
      throws IOException {
    List<Path> all = KINDS.stream().flatMap(k -> k.files().stream()).toList();
    Path original = all.get(file % all.size());
    Kind kind = KINDS.stream().filter(k -> k.files().contains(original)).findFirst().orElseThrow();
    JsonObject tree = com.google.gson.JsonParser.parseString(Files.readString(original)).getAsJsonObject();
    List<Member> members = new ArrayList<>();
    collect(tree, members);
    if (mutation == Mutation.OUT_OF_RANGE) members.removeIf(m -> !(m.value() instanceof JsonPrimitive p && p.isNumber()));
    if (mutation == Mutation.DROP) members.removeIf(m -> m.key().equals("$schema")); // editor metadata, meaning nothing
    // A null states no type to swap: any value put in its place is a new setting (minWordLength null -> 0), not a retype.
    if (mutation == Mutation.RETYPE) members.removeIf(m -> m.value().isJsonNull());
    if (members.isEmpty()) return;
    Member target = members.get(member % members.size());

    Path dir = Files.createTempDirectory("rulex-mutation");
    try {
      Path copy = copyOf(original, dir);
      String text = print(tree, target, mutation, member);
      Files.writeString(copy, text, StandardCharsets.UTF_8);
      String what = kind.name() + " " + HOME.relativize(original) + ", " + mutation + " of \"" + target.key() + "\":\n" + text;
      Object before = kind.meaning().apply(original);
      Object after;
      try {
        after = kind.meaning().apply(copy);
      } catch (UserError e) {
        String where = Pattern.quote(copy.toString()) + ":\\d+:\\d+";
        assertTrue(Pattern.compile(where).matcher(e.getMessage()).find(), "refused, but not at a line and column of " + copy + ": " + e.getMessage() + "\n" + what);
        return;
      } catch (RuntimeException e) {
        fail("a fault in rulex (exit 3) instead of a refusal: " + e + "\n" + what);
        return;
      }
      if (mutation == Mutation.DUPLICATE || mutation == Mutation.RETYPE || mutation == Mutation.NAN)
        assertEquals(before, after, "accepted with another meaning: " + what);
    } finally {
      org.rulex.AtomicFile.deleteTree(dir);
    }
  }

  /** language.json is read with its grammars: the copy goes beside copies of them. */
  private static Path copyOf(Path original, Path dir) throws IOException {
    if (!original.getFileName().toString().equals(Language.MANIFEST)) return dir.resolve(original.getFileName());
    try (Stream<Path> files = Files.list(original.getParent())) {
      for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
    }
    return dir.resolve(Language.MANIFEST);
  }

  /** A suite is built from its spec (which refuses what it must); what it means is the spec's tree under current key names. */
  private static Object suiteSpec(Path spec) {
    Suites.Loaded loaded = Suites.load(spec.toString());
    return Suites.meaning(loaded.text(), loaded.source()).toString();
  }

  private static Object languageSpec(Path manifest) {
    return Language.load(manifest.getParent()).spec();
  }

  /** A member of some object in the tree, found by identity. */
  private record Member(JsonObject owner, String key, JsonElement value) {}

  private static void collect(JsonElement e, List<Member> out) {
    if (e instanceof JsonObject o)
      for (Map.Entry<String, JsonElement> m : o.entrySet()) {
        out.add(new Member(o, m.getKey(), m.getValue()));
        collect(m.getValue(), out);
      }
    else if (e instanceof JsonArray a) for (JsonElement x : a) collect(x, out);
  }

  /** The tree as pretty JSON text, with the one mutation applied at the target member. */
  private static String print(JsonElement e, Member target, Mutation mutation, int salt) {
    StringBuilder sb = new StringBuilder();
    print(e, target, mutation, salt, 0, sb);
    return sb.append('\n').toString();
  }

  private static void print(JsonElement e, Member target, Mutation mutation, int salt, int depth, StringBuilder sb) {
    String pad = "  ".repeat(depth + 1);
    if (e instanceof JsonObject o) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonElement> m : o.entrySet()) {
        boolean hit = o == target.owner() && m.getKey().equals(target.key());
        String key = new JsonPrimitive(m.getKey()).toString();
        if (hit && mutation == Mutation.DROP) continue;
        StringBuilder v = new StringBuilder();
        if (hit && mutation != Mutation.DUPLICATE) v.append(mutated(m.getValue(), mutation, salt));
        else print(m.getValue(), target, mutation, salt, depth + 1, v);
        parts.add(pad + key + ": " + v);
        if (hit && mutation == Mutation.DUPLICATE) parts.add(pad + key + ": " + v);
      }
      sb.append(parts.isEmpty() ? "{}" : "{\n" + String.join(",\n", parts) + "\n" + "  ".repeat(depth) + "}");
    } else if (e instanceof JsonArray a) {
      List<String> parts = new ArrayList<>();
      for (JsonElement x : a) {
        StringBuilder v = new StringBuilder();
        print(x, target, mutation, salt, depth + 1, v);
        parts.add(v.toString());
      }
      sb.append("[").append(String.join(", ", parts)).append("]");
    } else {
      sb.append(e.toString());
    }
  }

  /** The value that replaces the target's: another type, NaN, or a number far outside any sensible range. */
  private static String mutated(JsonElement v, Mutation mutation, int salt) {
    return switch (mutation) {
      case NAN -> "NaN";
      case OUT_OF_RANGE -> List.of("-1", "0", "1e12", "-1e12", "2147483648").get(salt % 5);
      case RETYPE -> {
        if (v instanceof JsonPrimitive p && p.isNumber()) yield new JsonPrimitive(p.getAsString()).toString();
        if (v instanceof JsonPrimitive p && p.isBoolean()) yield new JsonPrimitive(p.getAsString()).toString();
        if (v instanceof JsonPrimitive) yield "1";
        if (v instanceof JsonObject) yield "[]";
        if (v instanceof JsonArray) yield "{}";
        throw new IllegalArgumentException("a null has no type to retype");
      }
      default -> throw new IllegalArgumentException(mutation.toString());
    };
  }
}
