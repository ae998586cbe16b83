package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.decode.DecodingSettings;
import org.rulex.decode.ScriptedModel;
import org.rulex.evaluate.Evaluation;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Vocabulary;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.UniformChance;

/**
 * The data, budget and prompt-set options a published aNbN setup needs, each against a case
 * worked out by hand: every member once with validation = training, a fixed decoding budget, and
 * the complement of the ID prompts as a split by a completability test makes it.
 */
class PublishedSetupOptionsTest {
  private static final int A = 3;
  private static final int B = 4;

  @TempDir Path tmp;

  private static final Language ANBN = Languages.standard().get("anbn");

  private static String text(int[] ids) {
    return ANBN.vocabulary().decode(ids);
  }

  private static List<String> texts(List<int[]> words) {
    return words.stream().map(PublishedSetupOptionsTest::text).toList();
  }

  private CellData everyMember(boolean on) {
    return CellData.generate(ANBN, new Preset.Data(8, 4, 4, 1, 16, on ? true : null), 16, 3, tmp.resolve(on ? "every" : "drawn"));
  }

  @Test
  void everyMemberOnceTrainsAndValidatesOnAllOfA1B1ToANBN() {
    CellData d = everyMember(true);
    List<String> expected = List.of("ab", "aabb", "aaabbb", "aaaabbbb", "aaaaabbbbb", "aaaaaabbbbbb", "aaaaaaabbbbbbb", "aaaaaaaabbbbbbbb");
    assertEquals(expected, texts(d.train()).stream().map(s -> s.replace(" ", "")).toList());
    assertEquals(texts(d.train()), texts(d.selection()), "validation = training");
    assertEquals(texts(d.train()), texts(d.test()));
    assertEquals("every-member", d.splitMode());
    assertTrue(d.selectionRule().contains("8 training words"), d.selectionRule());
    // Drawn from the distribution instead, the 8 training words repeat some lengths and miss others.
    CellData drawn = everyMember(false);
    assertTrue(new HashSet<>(texts(drawn.train())).size() < 8, texts(drawn.train()).toString());
  }

  @Test
  void theComplementIsEveryNonIdPromptSoItHoldsFourThatBreakNoRule() {
    CellData d = everyMember(true).withComplement(ANBN);
    List<int[]> complement = d.prompts().get("ood-R2" + PromptSetRules.COMPLEMENT_SUFFIX);
    List<int[]> exact = d.prompts().get("ood-R2");
    assertEquals(5, d.prompts().get(PromptSetRules.ID_NAME).size()); // a^k b^m, k >= m, k + m = 8
    assertEquals(256 - 5, complement.size());
    assertEquals(247, exact.size());
    Set<String> extra = new HashSet<>(texts(complement));
    texts(exact).forEach(extra::remove);
    Set<String> expected = new HashSet<>();
    for (int k = 0; k < 4; k++) expected.add(text(word(k, 8 - k)));
    assertEquals(expected, extra, "b^8, a b^7, a^2 b^6, a^3 b^5: prefixes of words in R1 and of words in R2, of none in both");
    assertTrue(new HashSet<>(texts(complement)).containsAll(texts(exact)));
    assertThrows(UserError.class, () -> PromptSetRules.complement(ANBN, List.of()));
  }

  /** a^k b^m as ids. */
  private static int[] word(int k, int m) {
    int[] w = new int[k + m];
    for (int i = 0; i < w.length; i++) w[i] = i < k ? A : B;
    return w;
  }

  @Test
  void aFixedBudgetDecodesThatManyTokensAndBothPromptSetsAreScored() {
    CellData d = everyMember(true).withComplement(ANBN);
    DecodingSettings fixed = new DecodingSettings(true, 0, 1.0, 0, 40, true);
    DecodingSettings derived = new DecodingSettings(true, 0, 1.0, 0);
    assertEquals(40, fixed.budgetFor(d.longestMember()).applyAsInt(8));
    assertEquals(16 - 8 + 1, derived.budgetFor(d.longestMember()).applyAsInt(8));
    assertTrue(CellRunner.budgetRule(fixed).startsWith("fixed: 40 new tokens"), CellRunner.budgetRule(fixed));
    assertEquals(CellRunner.BUDGET_RULE, CellRunner.budgetRule(derived));
    // A model that never ends: every completion runs the whole budget and none finishes.
    ScriptedModel never = new ScriptedModel(ANBN.vocabulary().size(), 64, prefix -> ScriptedModel.certain(ANBN.vocabulary().size(), A));
    Evaluation.Outcome run = Evaluation.run(never, ANBN, d.test(), d.prompts(), fixed, fixed.budgetFor(d.longestMember()), 1,
        new UniformChance(ANBN));
    for (PromptSetScore s : run.promptSets()) {
      assertEquals(40, s.decoding().budget(), s.name());
      assertEquals(0, s.finished().successes(), s.name());
    }
    // A model that ends at once: R1 is the prompt's own #a = #b, 70 strings with four a's less the ID a^4 b^4 in both sets.
    ScriptedModel ends = new ScriptedModel(ANBN.vocabulary().size(), 64, prefix -> ScriptedModel.certain(ANBN.vocabulary().size(), Vocabulary.EOS));
    Evaluation.Outcome at = Evaluation.run(ends, ANBN, d.test(), d.prompts(), fixed, fixed.budgetFor(d.longestMember()), 1, new UniformChance(ANBN));
    PromptSetScore complement = at.promptSet("ood-R2" + PromptSetRules.COMPLEMENT_SUFFIX, true);
    PromptSetScore exact = at.promptSet("ood-R2", true);
    assertEquals(List.of(69L, 251L), List.of(complement.rules().get("R1").overFinishedOnly().successes(), complement.rules().get("R1").overFinishedOnly().trials()));
    assertEquals(List.of(69L, 247L), List.of(exact.rules().get("R1").overFinishedOnly().successes(), exact.rules().get("R1").overFinishedOnly().trials()));
    assertEquals("R2", complement.broken());
  }

  @Test
  void aPresetReadsTheOptionsAndRefusesABudgetBeyondTheModelsPositions() throws Exception {
    String json = BenchFixtures.PRESET;
    String withOptions = json.replace("\"maxSampledPrompts\": 0", "\"maxSampledPrompts\": 0, \"budget\": 40, \"completeOod\": true")
        .replace("\"test\": 4}", "\"test\": 4, \"everyMember\": true}");
    Preset p = Preset.load(BenchFixtures.presetFile(tmp, withOptions).toString());
    assertEquals(40, p.decoding().budget());
    assertEquals(Boolean.TRUE, p.decoding().completeOod());
    assertEquals(Boolean.TRUE, p.data().everyMember());
    Preset plain = BenchFixtures.preset(tmp.resolve("plain"));
    assertEquals(null, plain.decoding().budget());
    String huge = json.replace("\"maxSampledPrompts\": 0", "\"maxSampledPrompts\": 0, \"budget\": 5000");
    Path f = BenchFixtures.presetFile(tmp.resolve("huge"), huge);
    String message = assertThrows(UserError.class, () -> Preset.load(f.toString())).getMessage();
    assertTrue(message.contains("decoding.budget must be between 1 and"), message);
    // A transformer of 24 positions reads SOS, an 8-symbol prompt and 39 of 40 new tokens: 48 are needed.
    String narrow = json.replace("\"maxSampledPrompts\": 0", "\"maxSampledPrompts\": 0, \"budget\": 40")
        .replace("\"test\": 4}", "\"test\": 4, \"maxWordLength\": 16}")
        .replace("{\"architecture\": \"linear\", \"window\": 4}",
            "{\"architecture\": \"transformer\", \"layers\": 1, \"dModel\": 8, \"heads\": 2, \"ffWidth\": 8, \"maxPositions\": 24}");
    Path g = BenchFixtures.presetFile(tmp.resolve("narrow"), narrow);
    String short_ = assertThrows(UserError.class, () -> Preset.load(g.toString())).getMessage();
    assertTrue(short_.contains("needs 48"), short_);
  }
}
