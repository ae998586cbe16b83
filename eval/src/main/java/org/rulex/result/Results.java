package org.rulex.result;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rulex.AtomicFile;
import org.rulex.SafeName;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.score.PromptRecord;

/**
 * Reads and writes cell results: one pretty-printed JSON file per cell, written atomically so a
 * reader never sees half a file; reading finds every result file under a directory; merging
 * combines the result directories of shards.
 */
public final class Results {
  /** Where {@link #merge} puts cells: the same layout as the bench's output directory. */
  public static final String CELLS_DIR = "cells";


  /** NaN (a rate with no trials, a loss never measured) is written as null and read back as NaN. */
  private static final TypeAdapter<Double> NAN_AS_NULL = new TypeAdapter<>() {
    @Override
    public void write(JsonWriter out, Double value) throws IOException {
      if (value == null || value.isNaN() || value.isInfinite()) out.nullValue();
      else out.value(value);
    }

    @Override
    public Double read(JsonReader in) throws IOException {
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return Double.NaN;
      }
      return in.nextDouble();
    }
  };

  private static final Gson GSON = new GsonBuilder()
      .setPrettyPrinting()
      .disableHtmlEscaping()
      .serializeNulls()
      .registerTypeAdapter(Double.class, NAN_AS_NULL)
      .registerTypeAdapter(double.class, NAN_AS_NULL)
      .create();

  private static final Gson JSONL = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Results() {}

  public static String toJson(CellResult result) {
    return GSON.toJson(result) + "\n";
  }

  /**
   * Parses a cell result.
   *
   * @param source named in error messages (a file name)
   * @throws UserError for invalid JSON, a missing or unsupported schema, or missing fields
   */
  public static CellResult fromJson(String json, String source) {
    return fromTree(StrictJson.parse(json, source), source);
  }

  /**
   * Binds a result strictly, as a preset is bound: an unknown key, a value of the wrong type (16.7
   * for a count, "1.0" for a rate) or a rate whose successes exceed its trials is an error at
   * file:line:col. Only null stands for a number without a value (see NAN_AS_NULL).
   */
  private static CellResult fromTree(JsonNode given, String source) {
    JsonNode schema = member(given, "schema");
    if (schema == null) throw new UserError(source + ": not a rulex result (no \"schema\" field)");
    // Every older version still read is upgraded step by step to today's record (CellResult.FORMAT).
    JsonNode tree = CellResult.FORMAT.upgrade((JsonNode.Obj) given);
    CellResult r = StrictJson.bindNullAsNaN(tree, CellResult.class);
    JsonNode config = member(tree, "config");
    if (r.config() == null || r.config().language() == null || r.config().model() == null)
      throw new JsonError(config == null ? tree.at() : config.at(), "malformed result: config.language and config.model are required");
    // They make the cell's key, and merging writes the cell's file by its key.
    for (String[] named : new String[][] {{"language", r.config().language()}, {"model", r.config().model()}})
      if (!SafeName.isValid(named[1]) || named[1].contains("__"))
        throw new JsonError(member(config, named[0]).at(),
            "malformed result: config." + named[0] + " \"" + named[1] + "\" is not a name (" + SafeName.RULE + ")");
    return r;
  }

  /** Writes the result to file via a temporary file in the same directory and an atomic rename. */
  public static void writeAtomically(Path file, CellResult result) {
    AtomicFile.write(file, toJson(result));
  }

  /** Writes per-prompt records as JSON lines, atomically. */
  public static void writePromptRecords(Path file, List<PromptRecord> records) {
    StringBuilder sb = new StringBuilder();
    for (PromptRecord r : records) sb.append(JSONL.toJson(r)).append('\n');
    AtomicFile.write(file, sb.toString());
  }

  /**
   * Every result under dir, at any depth, sorted by cell key. JSON files without a "schema"
   * field, or with another tool's schema, are skipped (presets, manifests); a result file that
   * cannot be read is an error naming it. The same cell found twice with identical content
   * counts once; with different content it is an error.
   */
  public static List<CellResult> readAll(Path dir) {
    return new ArrayList<>(readKeyed(List.of(dir)).values().stream().map(Found::result).toList());
  }

  /**
   * Merges the results of several directories (shards of one sweep) into out/cells/, one file
   * per cell, and returns them sorted by key. A cell present in several places must be
   * identical everywhere, also in out; otherwise nothing is written and the conflict is named.
   */
  public static List<CellResult> merge(List<Path> dirs, Path out) {
    List<Path> all = new ArrayList<>(dirs);
    if (Files.isDirectory(out)) all.add(out);
    Map<String, Found> cells = readKeyed(all);
    for (Found f : cells.values()) {
      Path target = out.resolve(CELLS_DIR).resolve(f.result().key() + ".json");
      String json = toJson(f.result());
      try {
        if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.UTF_8).equals(json)) continue;
      } catch (IOException e) {
        throw new UserError(target + ": cannot read: " + e.getMessage());
      }
      AtomicFile.write(target, json);
    }
    return cells.values().stream().map(Found::result).toList();
  }

  private record Found(CellResult result, JsonElement tree, Path file) {}

  private static Map<String, Found> readKeyed(List<Path> dirs) {
    Map<String, Found> byKey = new TreeMap<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) throw new UserError(dir + ": no such results directory");
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
      } catch (IOException e) {
        throw new UserError(dir + ": cannot list: " + e.getMessage());
      }
      for (Path f : files) {
        JsonNode tree = StrictJson.parse(StrictJson.readText(f), f.toString());
        if (!isResult(tree)) continue;
        CellResult r = fromTree(tree, f.toString());
        // Compare canonical serialisations, so formatting differences are not conflicts.
        JsonElement canonical = JsonParser.parseString(toJson(r));
        Found seen = byKey.get(r.key());
        if (seen == null) {
          byKey.put(r.key(), new Found(r, canonical, f));
        } else if (!seen.tree().equals(canonical)) {
          throw new UserError("cell " + r.key() + " has two different results: " + seen.file() + " and " + f
              + "; keep one (a re-run with another configuration belongs in another results directory)");
        }
      }
    }
    return byKey;
  }

  private static boolean isResult(JsonNode tree) {
    return member(tree, "schema") instanceof JsonNode.Str s && CellResult.FORMAT.names(s.value());
  }

  /** The value of an object's key, or null when the tree is no object or has no such key. */
  private static JsonNode member(JsonNode tree, String key) {
    JsonNode.Member m = tree instanceof JsonNode.Obj o ? o.members().get(key) : null;
    return m == null ? null : m.value();
  }
}
