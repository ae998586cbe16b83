package org.rulex.result;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.prompt.PromptSets;
import org.rulex.score.Accuracy;
import org.rulex.score.Decoding;
import org.rulex.score.UniformChance;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;
import org.rulex.score.TokenMetrics;

/** Hand-made cell results for tests of the results files and the report. */
public final class SyntheticResults {
  private SyntheticResults() {}

  /**
   * A cell of anbn-like shape: 100 ID prompts, 100 OOD prompts (ood-R2), of which oodR1Hits
   * satisfy R1 and oodFinished finished.
   */
  public static CellResult cell(String language, String model, long seed, double testLoss, int oodR1Hits, int oodFinished) {
    return cell(language, model, seed, testLoss, oodR1Hits, oodFinished, 99);
  }

  /**
   * The same with idInLanguageHits of the 100 ID prompts' greedy completions in the language:
   * the learned flag's ID measure (threshold 0.9), whose Wilson interval decides a borderline cell.
   */
  public static CellResult cell(String language, String model, long seed, double testLoss, int oodR1Hits, int oodFinished, int idInLanguageHits) {
    JsonObject modelConfig = new JsonObject();
    modelConfig.addProperty("architecture", model);
    modelConfig.addProperty("dModel", 16);
    JsonObject training = new JsonObject();
    training.addProperty("lr", 0.002);
    Map<String, Accuracy> idRules = new LinkedHashMap<>();
    idRules.put("R1", Accuracy.of(95, 98, 100));
    idRules.put("R2", Accuracy.of(98, 98, 100));
    PromptSetScore id = new PromptSetScore("id", PromptSetRules.Kind.ID, null, Decoding.greedy(23), 100, Rate.of(98, 100), idRules, null,
        Accuracy.of(idInLanguageHits, 100, 100), Map.of("R1", new UniformChance.Level(0.2, 0.25, "exact", 0.2, 0.2)));
    Map<String, Accuracy> oodRules = new LinkedHashMap<>();
    oodRules.put("R1", Accuracy.of(oodR1Hits, oodFinished, 100));
    PromptSetScore ood = new PromptSetScore("ood-R2", PromptSetRules.Kind.OOD, "R2", Decoding.greedy(23), 100, Rate.of(oodFinished, 100), oodRules,
        Accuracy.of(oodFinished / 2, oodFinished, 100), Accuracy.of(0, oodFinished, 100),
        Map.of("R1", new UniformChance.Level(0.156, 0.17, "exact", 0.156, 0.156)));
    return new CellResult(CellResult.SCHEMA,
        new CellResult.Config(language, List.of("L3", "aNbN"), "abc123", model, modelConfig, training, seed, "quick"),
        new CellResult.Versions("0.1.0", "0.35.0", "17"), "unknown", List.of(), "d5e7",
        new CellResult.SampleCounts(1000, 100, 100, Map.of("id", 100, "ood-R2", 100)),
        new CellResult.Selection("disjoint-lengths", "lowest loss on 100 fresh words of the training lengths"),
        400, new TokenMetrics(testLoss, 0.9, 5000, 100),
        CellResult.Convergence.judge(0.16, 0.16 + testLoss / 10, 512, idInLanguageHits / 100.0, "greedy", 0.06, 0.9), null,
        new CellResult.EvaluationSettings(List.of("greedy"), "test", 30, 0, 0, 0), List.of(id, ood),
        List.of(new CellResult.CurvePoint(0, 1.2, 1.1), new CellResult.CurvePoint(200, 0.6, 0.5 + testLoss),
            new CellResult.CurvePoint(400, 0.4, testLoss)),
        12.5, null, Exactness.of(Map.of("PATHS", List.of(2, 4, 6)), Map.of("R1", "context-free: Earley chart and derivation counts (exact at every length)"),
            List.of(new PromptSets.EngineNote("R1", "context-free: Earley chart and derivation counts (exact at every length)", true, ""))));
  }
}
