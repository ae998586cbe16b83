package org.rulex.dataset;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rulex.UserError;

/**
 * A dataset written by `rulex generate`, read back for training: the three splits as alphabet
 * ids (no SOS, no EOS) and the manifest. Loading checks every file against the manifest's hashes.
 */
public record Dataset(Path dir, DatasetManifest manifest, String manifestSha256, List<int[]> train, List<int[]> val, List<int[]> test) {
  public static final List<String> SPLITS = List.of("train", "val", "test");

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
    DatasetManifest manifest;
    try {
      manifestBytes = Files.readAllBytes(m);
      manifest = new Gson().fromJson(new String(manifestBytes, StandardCharsets.UTF_8), DatasetManifest.class);
    } catch (IOException | JsonParseException e) {
      throw new UserError(m + ": cannot read: " + e.getMessage());
    }
    if (manifest == null || !DatasetManifest.SCHEMA.equals(manifest.schema()))
      throw new UserError(m + ": not a rulex dataset manifest of schema " + DatasetManifest.SCHEMA);
    for (Map.Entry<String, String> f : manifest.files().entrySet()) {
      Path p = dir.resolve(f.getKey());
      if (!Files.isRegularFile(p)) throw new UserError(p + ": missing (listed in the manifest)");
      if (!Datasets.sha256(p).equals(f.getValue())) throw new UserError(p + ": changed since it was written (its SHA-256 differs from the manifest's)");
    }
    List<List<int[]>> splits = new ArrayList<>();
    for (String s : SPLITS) splits.add(readSplit(dir.resolve(s + ".jsonl")));
    return new Dataset(dir, manifest, Datasets.sha256(manifestBytes), splits.get(0), splits.get(1), splits.get(2));
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
