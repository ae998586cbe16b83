package org.rulex.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;
import org.rulex.json.FieldError;
import org.rulex.score.Completion;
import org.rulex.score.Decoding;

class DecoderTest {
  static final Vocabulary AB = new Vocabulary(List.of("a", "b"));
  static final int V = AB.size();
  static final int A = AB.id("a");
  static final int B = AB.id("b");

  /** Writes a^3 b^3 after whatever it is fed, then EOS: one certain token at every step. */
  static ScriptedModel aaabbb() {
    return new ScriptedModel(V, 64, prefix -> {
      int generated = prefix.size() - 1 - 2; // after SOS and a 2-token prompt
      int id = generated < 0 ? A : generated < 3 ? A : generated < 6 ? B : Vocabulary.EOS;
      return ScriptedModel.certain(V, id);
    });
  }

  static List<int[]> prompts(int n) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new int[] {i % 2 == 0 ? A : B, B});
    return out;
  }

  @Test
  void sampledCompletionsOfADeterministicModelAreItsGreedyOne() {
    List<Completion> greedy = Decoder.complete(aaabbb(), prompts(5), Decoding.greedy(10), 1);
    List<Completion> sampled = Decoder.complete(aaabbb(), prompts(5), Decoding.sampled(16, 1.0, 10), 1);
    assertEquals(5, greedy.size());
    assertEquals(80, sampled.size());
    for (int i = 0; i < 80; i++) assertEquals(greedy.get(i / 16), sampled.get(i), "completion " + i);
    assertArrayEquals(new int[] {A, A, A, B, B, B}, greedy.get(0).completion());
    assertTrue(greedy.get(0).finished());
  }

  @Test
  void aCompletionWithoutEosWithinTheBudgetIsUnfinished() {
    Completion c = Decoder.complete(aaabbb(), prompts(1), Decoding.greedy(4), 1).get(0);
    assertFalse(c.finished());
    assertArrayEquals(new int[] {A, A, A, B}, c.completion());
    Completion exact = Decoder.complete(aaabbb(), prompts(1), Decoding.greedy(7), 1).get(0);
    assertTrue(exact.finished(), "six symbols and EOS fit a budget of seven");
  }

  @Test
  void greedyBreaksExactTiesAtRandomRatherThanTowardsEos() {
    // A uniform model: the old decoder (ties to the lowest id) stopped at once on every prompt.
    ScriptedModel uniform = new ScriptedModel(V, 64, prefix -> {
      float[] l = new float[V];
      l[Vocabulary.PAD] = -1e9f;
      l[Vocabulary.SOS] = -1e9f;
      return l;
    });
    List<Completion> cs = Decoder.complete(uniform, Collections.nCopies(3000, new int[] {A}), Decoding.greedy(5), 3);
    long stoppedAtOnce = cs.stream().filter(c -> c.finished() && c.completion().length == 0).count();
    // P(EOS first) = 1/3: 1000 expected, sd about 26.
    assertTrue(stoppedAtOnce > 850 && stoppedAtOnce < 1150, "stopped at once: " + stoppedAtOnce);
    assertEquals(cs, Decoder.complete(uniform, Collections.nCopies(3000, new int[] {A}), Decoding.greedy(5), 3), "seeded");
  }

  @Test
  void samplingFollowsTheModelsProbabilities() {
    // First step: P(EOS) = 1/4, P(a) = 3/4 (b excluded); then EOS for sure.
    ScriptedModel m = new ScriptedModel(V, 64, prefix -> {
      if (prefix.size() > 2) return ScriptedModel.certain(V, Vocabulary.EOS);
      float[] l = new float[V];
      l[Vocabulary.PAD] = -1e9f;
      l[Vocabulary.SOS] = -1e9f;
      l[B] = -1e9f;
      l[Vocabulary.EOS] = (float) Math.log(0.25);
      l[A] = (float) Math.log(0.75);
      return l;
    });
    List<Completion> cs = Decoder.complete(m, List.of(new int[] {B}), Decoding.sampled(4000, 1.0, 3), 5);
    long a = cs.stream().filter(c -> c.completion().length == 1).count();
    assertTrue(Math.abs(a / 4000.0 - 0.75) < 0.03, "share of a: " + a / 4000.0);
    assertTrue(cs.stream().allMatch(Completion::finished));
    List<Completion> cold = Decoder.complete(m, List.of(new int[] {B}), Decoding.sampled(2000, 0.05, 3), 5);
    assertEquals(2000, cold.stream().filter(c -> c.completion().length == 1).count(), "a low temperature sharpens towards the mode");
  }

  @Test
  void aNonFiniteLogitIsAnErrorNotAnEos() {
    ScriptedModel broken = new ScriptedModel(V, 64, prefix -> {
      float[] l = ScriptedModel.certain(V, A);
      l[B] = Float.NaN;
      return l;
    });
    UserError e = assertThrows(UserError.class, () -> Decoder.complete(broken, prompts(2), Decoding.greedy(5), 1));
    assertTrue(e.getMessage().contains("non-finite logit"), e.getMessage());
  }

  @Test
  void aBudgetBeyondTheModelsLengthIsAnErrorNotASilentCap() {
    ScriptedModel shortModel = new ScriptedModel(V, 8, prefix -> ScriptedModel.certain(V, A));
    // SOS + 2 prompt tokens + 5 fed-back tokens = 8: fits; one more does not.
    assertEquals(1, Decoder.complete(shortModel, prompts(1), Decoding.greedy(6), 1).size());
    UserError e = assertThrows(UserError.class, () -> Decoder.complete(shortModel, prompts(1), Decoding.greedy(7), 1));
    assertTrue(e.getMessage().contains("does not fit the model"), e.getMessage());
  }

  @Test
  void aDecodingThatMeansNothingIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Decoding.greedy(0), "no budget");
    assertThrows(IllegalArgumentException.class, () -> new Decoding(Decoding.GREEDY, 4, 0, 5), "greedy gives one completion");
    assertThrows(IllegalArgumentException.class, () -> Decoding.sampled(4, Double.NaN, 5), "NaN temperature");
    assertThrows(IllegalArgumentException.class, () -> Decoding.sampled(4, 0, 5), "sampling at temperature 0");
    assertThrows(IllegalArgumentException.class, () -> Decoding.sampled(0, 1, 5), "no completions");
    assertThrows(IllegalArgumentException.class, () -> new Decoding("beam", 1, 0, 5), "unknown mode");
  }

  @Test
  void decodingSettingsAreCheckedOnceAndNameTheMemberAtFault() {
    assertEquals("greedy", assertThrows(FieldError.class, () -> new DecodingSettings(false, 0, 1, 0)).field());
    assertEquals("samples", assertThrows(FieldError.class, () -> new DecodingSettings(true, -1, 1, 0)).field());
    assertEquals("samples", assertThrows(FieldError.class, () -> new DecodingSettings(true, DecodingSettings.MAX_SAMPLES + 1, 1, 0)).field());
    assertEquals("temperature", assertThrows(FieldError.class, () -> new DecodingSettings(true, 4, 0, 0)).field());
    assertEquals("temperature", assertThrows(FieldError.class, () -> new DecodingSettings(true, 4, Double.POSITIVE_INFINITY, 0)).field());
    assertEquals("maxSampledPrompts", assertThrows(FieldError.class, () -> new DecodingSettings(true, 4, 1, -1)).field());
    // Greedy only: the temperature is not used, so it is not judged.
    assertEquals(List.of(Decoding.GREEDY), new DecodingSettings(true, 0, 0, 0).modes());
    assertEquals(Decoding.greedy(9), new DecodingSettings(true, 0, 0, 0).decoding(Decoding.GREEDY, 9));
    DecodingSettings both = new DecodingSettings(true, 4, 0.5, 0);
    assertEquals(List.of(Decoding.greedy(9), Decoding.sampled(4, 0.5, 9)), both.modes().stream().map(m -> both.decoding(m, 9)).toList());
    assertEquals(List.of(Decoding.SAMPLED), new DecodingSettings(false, 4, 0.5, 0).modes());
    assertEquals(3, DecodingSettings.budgetToReach(10).applyAsInt(8), "reach a 10-symbol word from 8 symbols, then EOS");
    assertEquals(1, DecodingSettings.budgetToReach(10).applyAsInt(12), "at least EOS");
  }
}
