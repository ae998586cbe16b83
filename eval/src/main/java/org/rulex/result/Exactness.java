package org.rulex.result;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.dataset.Dataset;
import org.rulex.dataset.DatasetManifest;
import org.rulex.dataset.DatasetWriter;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.prompt.PromptSets;
import org.rulex.sample.RuleSampler;

/**
 * Which of the grammar engine's answers behind a cell's data were exact and which bounded,
 * copied from the cell's dataset so that a result says it without the dataset at hand: how each
 * training length was drawn and each rule's engine (manifest.json), and how each rule's prompt
 * viability was decided (prompts.json).
 *
 * @param exact every training length drawn from an exact count, and every prompt classified exactly
 * @param trainingLengths the training lengths by how their words were drawn: PATHS, AUTOMATON,
 *     BAR_HILLEL and EXACT_PRODUCT are exact counts and exactly uniform; REJECTION is uniform
 *     without an exact count
 * @param ruleEngines per rule, and "L" for the language, its engine in words
 * @param promptClassification per rule, the engine that decided which prompts are viable, whether
 *     every answer was exact, and what it left undecided ("" when nothing)
 */
public record Exactness(boolean exact, Map<String, List<Integer>> trainingLengths, Map<String, String> ruleEngines, List<PromptSets.EngineNote> promptClassification) {

  public Exactness {
    // Copies in the file's order (a result is read back and compared as JSON).
    trainingLengths = trainingLengths == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(trainingLengths));
    ruleEngines = ruleEngines == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(ruleEngines));
    promptClassification = promptClassification == null ? List.of() : List.copyOf(promptClassification);
  }

  /** The labels of a dataset's manifest entries and prompt engines; exact unless a length was drawn by rejection or a prompt engine was bounded. */
  public static Exactness of(Map<String, List<Integer>> sampling, Map<String, String> engines, List<PromptSets.EngineNote> prompts) {
    boolean exact = !sampling.containsKey(RuleSampler.Method.REJECTION.name()) && prompts.stream().allMatch(PromptSets.EngineNote::exact);
    return new Exactness(exact, sampling, engines, prompts);
  }

  /** Reads the labels of the dataset written in dir (its manifest and prompts.json). */
  public static Exactness read(Path dir) {
    Path manifestFile = dir.resolve(DatasetWriter.MANIFEST);
    DatasetManifest manifest = StrictJson.read(manifestFile, DatasetManifest.class);
    Path promptsFile = dir.resolve(Dataset.PROMPTS);
    List<PromptSets.EngineNote> notes = new ArrayList<>();
    for (JsonNode e : StrictJson.read(promptsFile).asObject(promptsFile.toString()).get("engines").asList("\"engines\"").elements())
      notes.add(StrictJson.bind(e, PromptSets.EngineNote.class, null));
    return of(manifest.sampling(), manifest.engines(), notes);
  }
}
