package org.rulex.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.dataset.Dataset;
import org.rulex.dataset.DatasetWriter;
import org.rulex.grammar.Language;
import org.rulex.prompt.Prompt;
import org.rulex.prompt.PromptClassifier;
import org.rulex.prompt.PromptSets;
import org.rulex.score.PromptSetRules;

/**
 * The data of one cell: a dataset written by the generator (disjoint splits where the language
 * allows it, a manifest with hashes) and the exactly classified prompt sets, both from the seed.
 */
public record CellData(List<int[]> train, List<int[]> val, List<int[]> test, String datasetHash, Map<String, List<int[]>> prompts) {
  /**
   * Writes (or re-reads, when the same seed already wrote it) the dataset in dir; the prompt sets
   * are the dataset's own prompts.json, classified once when it was written.
   */
  public static CellData generate(Language lang, Preset.Data d, long seed, Path dir) {
    DatasetWriter.write(lang, new DatasetWriter.Options(d.train(), d.val(), d.test(), d.minLength(), d.maxLength(), seed), dir, false);
    Dataset data = Dataset.load(dir);
    Map<String, List<int[]>> prompts = new LinkedHashMap<>();
    prompts.put(PromptSetRules.ID_NAME, data.idPrompts());
    prompts.putAll(data.oodPrompts());
    return new CellData(data.train(), data.val(), data.test(), data.manifestSha256(), prompts);
  }

  /** The ID set and every OOD set, by the names the scorer uses. */
  public static Map<String, List<int[]>> prompts(Language lang, long seed) {
    PromptSets sets = PromptClassifier.build(lang, null, seed, PromptClassifier.DEFAULT_SAMPLED);
    Map<String, List<int[]>> out = new LinkedHashMap<>();
    out.put(PromptSetRules.ID_NAME, sets.id().stream().map(Prompt::ids).toList());
    for (PromptSets.OodSet o : sets.ood()) out.put(o.name(), o.prompts().stream().map(Prompt::ids).toList());
    return out;
  }

  public Map<String, Integer> promptCounts() {
    Map<String, Integer> c = new LinkedHashMap<>();
    prompts.forEach((k, v) -> c.put(k, v.size()));
    return c;
  }
}
