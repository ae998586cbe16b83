package org.rulex.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.rulex.AtomicFile;
import org.rulex.UserError;

/**
 * Which cells of a sweep have no result, judged against the preset pinned beside the results
 * (preset.json, written by every `rulex bench`, each shard included). A shard that failed, was
 * cancelled or has not finished leaves cells without a result; a merged report must say so
 * rather than show fewer cells as if they were the sweep.
 */
public final class Completeness {
  /**
   * The outcome: the presets found (by name), how many cells they name, the keys without a
   * result (sorted) and for each missing key the first log of it found, or null.
   */
  public record Check(List<String> presets, int expected, List<String> missing, Map<String, Path> logs) {
    public boolean complete() {
      return missing.isEmpty();
    }

    /** One line for the report and the terminal; empty when complete or when there is no pinned preset. */
    public String warning() {
      if (presets.isEmpty() || missing.isEmpty()) return "";
      return "Warning: " + missing.size() + " of " + expected + " cells of preset " + String.join(", ", presets)
          + " have no result (a shard failed, was cancelled or has not finished): " + String.join(", ", missing) + ".";
    }
  }

  private Completeness() {}

  /**
   * The preset.json files of the results directories: each directory's own, and those of its
   * immediate subdirectories (the shards of a sweep collected under one directory).
   */
  public static List<Path> pinnedPresets(List<Path> dirs) {
    return resultDirs(dirs).stream().map(BenchRunner::presetFile).filter(Files::isRegularFile).toList();
  }

  /** Each directory, then its immediate subdirectories, sorted. */
  private static List<Path> resultDirs(List<Path> dirs) {
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      out.add(d);
      try (Stream<Path> s = Files.list(d)) {
        s.filter(Files::isDirectory).sorted().forEach(out::add);
      } catch (IOException e) {
        throw new UserError(d + ": cannot list: " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * Checks the found result keys against every distinct preset pinned in dirs. With no pinned
   * preset the check is empty (presets list empty): results from elsewhere cannot be judged.
   *
   * @throws UserError when a pinned preset cannot be read
   */
  public static Check check(List<Path> dirs, Collection<String> found) {
    Map<String, Preset> distinct = distinctPresets(pinnedPresets(dirs));
    TreeSet<String> expected = new TreeSet<>();
    for (Preset p : distinct.values()) for (Cell c : p.cells()) expected.add(c.key());
    List<String> missing = expected.stream().filter(k -> !found.contains(k)).toList();
    Map<String, Path> logs = new LinkedHashMap<>();
    List<Path> resultDirs = resultDirs(dirs);
    for (String key : missing)
      logs.put(key, resultDirs.stream().map(d -> d.resolve("logs").resolve(key + ".log")).filter(Files::isRegularFile).findFirst().orElse(null));
    List<String> names = distinct.values().stream().map(Preset::name).distinct().toList();
    return new Check(names, expected.size(), missing, logs);
  }

  /**
   * Pins the one preset of the results directories beside a merged report written elsewhere,
   * so that the merged directory says what it is (and is checked the same way when reported
   * again). Nothing is written when the directories pin no preset or several different ones,
   * or when target already has a preset.json.
   */
  public static void pinMerged(List<Path> dirs, Path target) {
    if (Files.exists(BenchRunner.presetFile(target))) return;
    List<Path> pinned = pinnedPresets(dirs);
    if (pinned.isEmpty()) return;
    java.util.Set<String> contents = new java.util.HashSet<>();
    for (Path p : pinned) contents.add(read(p));
    if (contents.size() == 1) AtomicFile.write(BenchRunner.presetFile(target), contents.iterator().next());
  }

  private static Map<String, Preset> distinctPresets(List<Path> files) {
    Map<String, Preset> byContent = new LinkedHashMap<>();
    for (Path f : files) {
      String json = read(f);
      if (!byContent.containsKey(json)) byContent.put(json, Preset.load(f.toString()));
    }
    return byContent;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(f + ": cannot read: " + e.getMessage());
    }
  }
}
