package org.rulex.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.dataset.Dataset;
import org.rulex.dataset.DatasetManifest;
import org.rulex.dataset.DatasetWriter;
import org.rulex.grammar.Language;
import org.rulex.prompt.Prompt;
import org.rulex.prompt.PromptClassifier;
import org.rulex.prompt.PromptSets;
import org.rulex.sample.LanguageSampler;
import org.rulex.sample.LengthDistribution;
import org.rulex.sample.TrainingDistribution;
import org.rulex.score.PromptSetRules;

/**
 * The data of one cell: a dataset written by the generator (disjoint splits where the language
 * allows it, a manifest with hashes), the exactly classified prompt sets, and what checkpoint
 * selection and the convergence measure need, all from the seed.
 *
 * <p>Selection: with a split by word, the validation split (held-out words of the training
 * lengths). Where nothing could be held out (an overlapping split, validation = training),
 * selection uses fresh words of the training distribution. Datasets of schema 1 could also be
 * split by length; their held-out lengths were a metric of their own.
 *
 * @param selection the words whose loss picks the checkpoint (the trainer's validation set)
 * @param distribution fresh draws from the training distribution, for the excess loss
 * @param entropy the training distribution's entropy per token, or null when not exactly known
 * @param heldOutLengths with a split by length, the validation and test words; else empty
 * @param longestMember the longest member length in the data's range: what the decoding budget
 *     must let a completion reach
 */
public record CellData(
    List<int[]> train,
    List<int[]> selection,
    List<int[]> test,
    String datasetHash,
    String splitMode,
    String selectionRule,
    List<int[]> distribution,
    Double entropy,
    List<int[]> heldOutLengths,
    int longestMember,
    Map<String, List<int[]>> prompts) {

  private static final long SELECTION_STREAM = 0x5E1EC7L;
  private static final long DISTRIBUTION_STREAM = 0xD157L;

  /**
   * Writes (or re-reads, when the same seed already wrote it) the dataset in dir, then builds the
   * rest; the prompt sets are the dataset's own.
   */
  public static CellData generate(Language lang, Preset.Data d, int distributionWords, long seed, Path dir) {
    DatasetWriter.write(lang, new DatasetWriter.Options(d.train(), d.val(), d.test(), d.minWordLength(), d.maxWordLength(), seed, d.everyMember()), dir, false);
    return of(lang, Dataset.load(dir), distributionWords, seed);
  }

  /** The cell data of a dataset already written (by a bench cell or by `rulex generate`). */
  public static CellData of(Language lang, Dataset data, int distributionWords, long seed) {
    DatasetManifest.Disjointness split = data.manifest().disjointness();
    DatasetManifest.Range range = data.manifest().lengthRange();
    LanguageSampler sampler = new LanguageSampler(lang, range.min(), range.max());
    LengthDistribution lengths = sampler.lengths();
    boolean byLength = split.lengths() != null && split.lengths().get("train") != null;
    if (byLength) lengths = lengths.restrictedTo(split.lengths().get("train"));
    List<int[]> heldOut = new ArrayList<>(data.val());
    heldOut.addAll(data.test());
    // Only words held out by word are missing from training; an overlapping split's validation
    // and test words are draws of the training distribution itself.
    boolean everyMember = split.mode().equals(DatasetWriter.EVERY_MEMBER);
    boolean byWord = !byLength && !split.mode().equals("overlapping") && !everyMember;
    TrainingDistribution training = new TrainingDistribution(sampler, lengths, byWord ? heldOut : List.of());
    List<int[]> selection;
    String rule;
    if (everyMember) {
      // The published protocol this split reproduces selected by the loss on its training words.
      selection = data.val();
      rule = "lowest loss on the " + selection.size() + " training words (every member once, validation = training)";
    } else if (byLength || split.mode().equals("overlapping")) {
      selection = training.sample(Math.max(1, data.val().size()), seed ^ SELECTION_STREAM);
      rule = "lowest loss on " + selection.size() + " fresh words of the training lengths (the " + split.mode()
          + " split holds out lengths, not words)";
    } else {
      selection = data.val();
      rule = "lowest loss on the " + selection.size() + " validation words (held out by word, " + split.mode() + ")";
    }
    var entropy = training.entropyPerToken();
    return new CellData(data.train(), selection, data.test(), data.manifestSha256(), split.mode(), rule,
        training.sample(distributionWords, seed ^ DISTRIBUTION_STREAM), entropy.isPresent() ? entropy.getAsDouble() : null,
        byLength ? heldOut : List.of(), sampler.lengths().max(), datasetPrompts(data));
  }

  /** The dataset's own prompt sets (prompts.json, classified once when it was written), by the names the scorer uses. */
  static Map<String, List<int[]>> datasetPrompts(Dataset data) {
    Map<String, List<int[]>> out = new LinkedHashMap<>();
    out.put(PromptSetRules.ID_NAME, data.idPrompts());
    out.putAll(data.oodPrompts());
    return out;
  }

  /** The ID set and every OOD set, by the names the scorer uses, classified afresh. */
  public static Map<String, List<int[]>> prompts(Language lang, long seed) {
    PromptSets sets = PromptClassifier.build(lang, null, seed, PromptClassifier.DEFAULT_SAMPLED);
    Map<String, List<int[]>> out = new LinkedHashMap<>();
    out.put(PromptSetRules.ID_NAME, sets.id().stream().map(Prompt::ids).toList());
    for (PromptSets.OodSet o : sets.ood()) out.put(o.name(), o.prompts().stream().map(Prompt::ids).toList());
    return out;
  }

  /** The same data with the complement set beside the ID and OOD sets (see PromptSetRules#complement). */
  public CellData withComplement(Language lang) {
    var complement = PromptSetRules.complement(lang, prompts.get(PromptSetRules.ID_NAME));
    Map<String, List<int[]>> all = new LinkedHashMap<>(prompts);
    all.put(complement.getKey().name(), complement.getValue());
    return new CellData(train, selection, test, datasetHash, splitMode, selectionRule, distribution, entropy, heldOutLengths, longestMember, all);
  }

  public Map<String, Integer> promptCounts() {
    Map<String, Integer> c = new LinkedHashMap<>();
    prompts.forEach((k, v) -> c.put(k, v.size()));
    return c;
  }
}
