package org.rulex.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Vocabulary;

class ScorerTest {
  static Language anbn;

  @BeforeAll
  static void load() {
    anbn = Languages.standard().get("anbn");
  }

  static Completion c(String prompt, String completion, boolean finished) {
    return new Completion(anbn.encode(prompt), anbn.encode(completion), finished);
  }

  static PromptSetRules oodR2() {
    return PromptSetRules.all(anbn).stream().filter(s -> s.name().equals("ood-R2")).findFirst().orElseThrow();
  }

  @Test
  void oodSetOfAnbnBreaksR2AndChecksR1() {
    PromptSetRules s = oodR2();
    assertEquals(PromptSetRules.Kind.OOD, s.kind());
    assertEquals("R2", s.broken());
    assertEquals(List.of("R1"), s.checked());
    assertEquals(List.of("R1", "R2"), PromptSetRules.id(anbn).checked());
  }

  @Test
  void unfinishedCompletionFailsOverAllPromptsAndVanishesFromFinishedOnly() {
    List<Completion> completions = List.of(
        c("aabab", "b", true),   // aababb: #a = #b; R2 on "b" holds
        c("aabab", "bb", true),  // aababbb: #a != #b
        c("abab", "ba", true),   // ababba: #a = #b; R2 on "ba" fails
        c("aabab", "b", false)); // would satisfy R1, but never emitted EOS
    Scorer.Scored scored = new Scorer(anbn).score(oodR2(), completions, Decoding.greedy(8), java.util.Map.of(), 0);
    PromptSetScore s = scored.score();

    assertEquals(4, s.prompts());
    assertEquals(Rate.of(3, 4), s.finished());
    Accuracy r1 = s.rules().get("R1");
    assertEquals(Rate.of(2, 4), r1.overAllPrompts());
    assertEquals(Rate.of(2, 3), r1.overFinishedOnly());
    assertEquals(Rate.of(2, 4), s.brokenRuleOnCompletion().overAllPrompts());
    assertEquals(Rate.of(2, 3), s.brokenRuleOnCompletion().overFinishedOnly());
    assertEquals(Rate.of(0, 3), s.inLanguage().overFinishedOnly());

    PromptRecord last = scored.records().get(3);
    assertEquals("aabab", last.prompt());
    assertEquals("b", last.completion());
    assertFalse(last.finished());
    assertTrue(last.rules().get("R1"), "the verdict is recorded on what was generated");
    assertFalse(scored.records().get(2).brokenRuleOnCompletion());
    assertEquals("ood-R2", last.set());
  }

  @Test
  void inDistributionChecksEveryRuleAndMembership() {
    Scorer.Scored scored = new Scorer(anbn).score(PromptSetRules.id(anbn), List.of(c("aa", "bb", true), c("aab", "", true)), Decoding.greedy(8), java.util.Map.of(), 0);
    PromptSetScore s = scored.score();
    assertEquals(List.of("R1", "R2"), List.copyOf(s.rules().keySet()));
    assertEquals(Rate.of(1, 2), s.rules().get("R1").overAllPrompts());
    assertEquals(Rate.of(2, 2), s.rules().get("R2").overAllPrompts());
    assertEquals(Rate.of(1, 2), s.inLanguage().overAllPrompts());
    assertNull(s.brokenRuleOnCompletion());
    assertNull(scored.records().get(0).brokenRuleOnCompletion());
    assertTrue(scored.records().get(0).inLanguage());
  }

  @Test
  void noFinishedCompletionGivesUndefinedFinishedOnlyRates() {
    PromptSetScore s = new Scorer(anbn).score(oodR2(), List.of(c("ba", "ab", false)), Decoding.greedy(8), java.util.Map.of(), 0).score();
    assertEquals(0.0, s.rules().get("R1").overAllPrompts().rate());
    assertTrue(Double.isNaN(s.rules().get("R1").overFinishedOnly().rate()));
  }

  @Test
  void generatedTokensAreCutAtTheFirstEos() {
    int a = anbn.vocabulary().id("a");
    int b = anbn.vocabulary().id("b");
    Completion done = Completion.fromGenerated(new int[] {a}, new int[] {b, Vocabulary.EOS, a, a});
    assertArrayEquals(new int[] {b}, done.completion());
    assertTrue(done.finished());
    Completion open = Completion.fromGenerated(new int[] {a}, new int[] {b, b});
    assertArrayEquals(new int[] {b, b}, open.completion());
    assertFalse(open.finished());
    assertThrows(IllegalArgumentException.class, () -> new Completion(new int[] {Vocabulary.SOS, a}, new int[0], true));
  }

  @Test
  void sampledCompletionsCountEveryCompletionAndKeepPromptsApart() {
    // Two prompts, K = 4: the first always extrapolates, the second never.
    List<Completion> cs = List.of(
        c("ba", "ab", true), c("ba", "ab", true), c("ba", "ba", true), c("ba", "", true),
        c("bb", "a", true), c("bb", "a", true), c("bb", "", true), c("bb", "b", false));
    PromptSetScore s = new Scorer(anbn).score(oodR2(), cs, Decoding.sampled(4, 1.0, 8), java.util.Map.of(), 3).score();
    assertEquals(2, s.prompts());
    assertEquals(7, s.finished().successes());
    assertEquals(8, s.finished().trials());
    // R1 (#a = #b) on prompt + completion: baab, baab, baba, ba | bba, bba, bb, bbb
    assertEquals(4, s.rules().get("R1").overAllPrompts().successes());
    assertEquals(8, s.rules().get("R1").overAllPrompts().trials());
    assertEquals(7, s.rules().get("R1").overFinishedOnly().trials());
    assertThrows(IllegalArgumentException.class,
        () -> new Scorer(anbn).score(oodR2(), cs.subList(0, 7), Decoding.sampled(4, 1.0, 8), java.util.Map.of(), 3));
  }
}
