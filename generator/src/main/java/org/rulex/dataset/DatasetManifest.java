package org.rulex.dataset;

import java.util.List;
import java.util.Map;

/**
 * What manifest.json says about a dataset (schema {@value #SCHEMA}). Maps keep the file's key
 * order: splits as test, val, train... as written; lengths in increasing order.
 *
 * @param files SHA-256 of every other file of the dataset, by file name
 * @param engines how each rule (and the language, "L") answers exact questions, and whether exactly
 * @param sampling the training lengths by how their words were drawn: PATHS, AUTOMATON, BAR_HILLEL
 *     and EXACT_PRODUCT are exact counts and exactly uniform draws; REJECTION is uniform but its
 *     length has no exact count (too many product states)
 */
public record DatasetManifest(
    String schema,
    String language,
    String grammarHash,
    String rulexVersion,
    long seed,
    Range lengthRange,
    Map<String, Integer> sizesAsked,
    Map<String, Integer> sizesProduced,
    Map<String, Map<String, Integer>> lengthHistogram,
    Disjointness disjointness,
    Map<String, String> files,
    Map<String, String> engines,
    Map<String, List<Integer>> sampling) {

  public static final String SCHEMA = "rulex.dataset/1";

  public record Range(int min, int max) {}

  /**
   * How the splits relate. mode: "distinct-words" (no word in two splits, nor twice in one),
   * "distinct-heldout" (validation and test distinct words, at most half the members; train
   * draws the other members with repeats), "disjoint-lengths" (too few members: lengths partitioned between splits, words repeat within
   * a split), or "overlapping" (too few lengths even for that).
   */
  public record Disjointness(
      String mode,
      boolean disjoint,
      String membersInRange,
      int requested,
      String note,
      Map<String, List<Integer>> lengths,
      Map<String, Integer> distinctWords) {}
}
