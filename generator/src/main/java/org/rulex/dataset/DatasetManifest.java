package org.rulex.dataset;

import java.util.List;
import java.util.Map;

/**
 * What manifest.json says about a dataset (schema {@value #SCHEMA}). Maps keep the file's key
 * order: splits as test, val, train... as written; lengths in increasing order.
 *
 * @param trainLengthExpected the number of training words of each length the spec's length
 *     distribution asks for (train size x its probability), to read beside lengthHistogram.train
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
    Map<String, Double> trainLengthExpected,
    Disjointness disjointness,
    Map<String, String> files,
    Map<String, String> engines,
    Map<String, List<Integer>> sampling) {

  public static final String SCHEMA = "rulex.dataset/2";

  public record Range(int min, int max) {}

  /**
   * How the splits relate. mode: "heldout-words" (validation and test distinct words from the
   * lengths that can spare them; train i.i.d. from the spec's distribution without them) or
   * "overlapping" (too few members to hold any out: validation and test drawn from the training
   * distribution) or "every-member" (every member in the range once, in all three splits).
   * Datasets of schema 1 also had "distinct-words", "distinct-heldout" and
   * "disjoint-lengths" (with lengths: the lengths of each split).
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
