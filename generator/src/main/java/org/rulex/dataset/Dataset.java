package org.rulex.dataset;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.Sha256;
import org.rulex.UserError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;

/**
 * A dataset written by `rulex generate`, read back for training and evaluation: the three splits
 * as alphabet ids (no SOS, no EOS), the prompt sets of prompts.json (ID, and each OOD set by
 * name), and the manifest. Loading checks every file against the manifest's hashes.
 */
public record Dataset(Path dir, DatasetManifest manifest, String manifestSha256, List<int[]> train, List<int[]> val, List<int[]> test,
    List<int[]> idPrompts, Map<String, List<int[]>> oodPrompts) {
  public static final List<String> SPLITS = List.of("train", "val", "test");
  public static final String PROMPTS = "prompts.json";

  /** The split by name: train, val or test. */
  public List<int[]> split(String name) {
    return switch (name) {
      case "train" -> train;
      case "val" -> val;
      case "test" -> test;
      default -> throw new IllegalArgumentException("no split " + name);
    };
  }

  /**
   * Reads a dataset directory.
   *
   * @throws UserError if a file is missing, was changed since it was written, or is malformed
   */
  public static Dataset load(Path dir) {
    Path m = dir.resolve(DatasetWriter.MANIFEST);
    if (!Files.isRegularFile(m)) throw new UserError(dir + ": no " + DatasetWriter.MANIFEST + " here; write a dataset with 'rulex generate'");
    byte[] manifestBytes;
    try {
      manifestBytes = Files.readAllBytes(m);
    } catch (IOException e) {
      throw new UserError(m + ": cannot read: " + e.getMessage());
    }
    DatasetManifest manifest = StrictJson.parse(new String(manifestBytes, StandardCharsets.UTF_8), m.toString(), DatasetManifest.class);
    if (manifest == null || !DatasetManifest.SCHEMA.equals(manifest.schema()))
      throw new UserError(m + ": not a rulex dataset manifest of schema " + DatasetManifest.SCHEMA);
    for (Map.Entry<String, String> f : manifest.files().entrySet()) {
      Path p = dir.resolve(f.getKey());
      if (!Files.isRegularFile(p)) throw new UserError(p + ": missing (listed in the manifest)");
      if (!Sha256.of(p).equals(f.getValue())) throw new UserError(p + ": changed since it was written (its SHA-256 differs from the manifest's)");
    }
    List<List<int[]>> splits = new ArrayList<>();
    for (String s : SPLITS) splits.add(readSplit(dir.resolve(s + ".jsonl")));
    List<int[]> id = new ArrayList<>();
    Map<String, List<int[]>> ood = new LinkedHashMap<>();
    readPrompts(dir.resolve(PROMPTS), id, ood);
    return new Dataset(dir, manifest, Sha256.of(manifestBytes), splits.get(0), splits.get(1), splits.get(2),
        List.copyOf(id), Collections.unmodifiableMap(ood));
  }

  /** The ids of every prompt of the ID set and of each OOD set, as {@link PromptSetsJson} wrote them. */
  private static void readPrompts(Path file, List<int[]> id, Map<String, List<int[]>> ood) {
    JsonNode.Obj root = StrictJson.read(file).asObject(PROMPTS);
    id.addAll(ids(root.get("id").asObject("\"id\"").get("prompts")));
    for (JsonNode set : root.get("ood").asList("\"ood\"").elements()) {
      JsonNode.Obj o = set.asObject("an OOD set");
      ood.put(o.get("name").asString("\"name\""), List.copyOf(ids(o.get("prompts"))));
    }
  }

  private static List<int[]> ids(JsonNode prompts) {
    List<int[]> out = new ArrayList<>();
    for (JsonNode p : prompts.asList("\"prompts\"").elements()) {
      List<JsonNode> ids = p.asObject("a prompt").get("ids").asList("\"ids\"").elements();
      int[] a = new int[ids.size()];
      for (int i = 0; i < a.length; i++) a[i] = ids.get(i).asInt("an id");
      out.add(a);
    }
    return out;
  }

  private static List<int[]> readSplit(Path file) {
    List<int[]> out = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      try {
        JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
        JsonArray a = o.getAsJsonArray("ids");
        int[] ids = new int[a.size()];
        for (int k = 0; k < ids.length; k++) ids[k] = a.get(k).getAsInt();
        if (o.has("length") && o.get("length").getAsInt() != ids.length) throw new UserError(file + ":" + (i + 1) + ": length " + o.get("length") + " but " + ids.length + " ids");
        out.add(ids);
      } catch (RuntimeException e) {
        if (e instanceof UserError u) throw u;
        throw new UserError(file + ":" + (i + 1) + ": not a dataset line: " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }
}
