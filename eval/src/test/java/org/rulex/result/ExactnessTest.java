package org.rulex.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.dataset.DatasetWriter;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Rule;
import org.rulex.prompt.PromptSets;

class ExactnessTest {
  @TempDir Path tmp;

  @Test
  void aCellCarriesItsDatasetsExactnessLabels() {
    Language abruns = Languages.standard().get("abruns");
    DatasetWriter.write(abruns, new DatasetWriter.Options(64, 16, 16, 2, 12, 1), tmp, false);
    Exactness e = Exactness.read(tmp);
    List<String> rules = new ArrayList<>(abruns.rules().stream().map(Rule::id).toList());
    rules.add("L");
    assertEquals(rules, e.promptClassification().stream().map(PromptSets.EngineNote::rule).toList());
    assertEquals(rules, List.copyOf(e.ruleEngines().keySet()));
    // One context-free rule with a regular one: the Bar-Hillel product draws every length exactly.
    assertEquals(List.of("BAR_HILLEL"), List.copyOf(e.trainingLengths().keySet()));
    assertEquals(List.of(2, 4, 6, 8, 10, 12), e.trainingLengths().get("BAR_HILLEL"));
    assertTrue(e.exact(), e.toString());
  }

  @Test
  void rejectionSamplingOrABoundedPromptEngineMakesTheCellInexact() {
    PromptSets.EngineNote exact = new PromptSets.EngineNote("R1", "product of 2 rules", true, "");
    PromptSets.EngineNote bounded = new PromptSets.EngineNote("R1", "product of 2 rules: bounded search", false, "3 undecided");
    Map<String, String> engines = Map.of("R1", "product of 2 rules");
    assertTrue(Exactness.of(Map.of("EXACT_PRODUCT", List.of(2, 4)), engines, List.of(exact)).exact());
    assertFalse(Exactness.of(Map.of("EXACT_PRODUCT", List.of(2), "REJECTION", List.of(4)), engines, List.of(exact)).exact());
    assertFalse(Exactness.of(Map.of("EXACT_PRODUCT", List.of(2, 4)), engines, List.of(exact, bounded)).exact());
  }

  @Test
  void aResultWrittenBeforeTheLabelsReadsBackWithoutThem() {
    JsonObject json = JsonParser.parseString(Results.toJson(SyntheticResults.cell("anbn", "lstm", 1, 0.3, 40, 80))).getAsJsonObject();
    assertTrue(json.getAsJsonObject("exactness").get("exact").getAsBoolean());
    json.remove("exactness");
    assertNull(Results.fromJson(json.toString(), "old.json").exactness());
  }
}
