package org.rulex.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.decode.ScriptedModel;
import org.rulex.decode.TestLoss;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Vocabulary;
import org.rulex.result.CellResult;
import org.rulex.sample.LanguageSampler;
import org.rulex.sample.TrainingDistribution;

/** The "learned the language" measure: excess loss over the exact entropy, and the verdict. */
class ConvergenceTest {
  static final Language BAN = Languages.standard().get("ban");
  static final int MAX = 32;

  /** ban's training distribution (lengths uniform in 1..32, words uniform within a length), exactly. */
  static TrainingDistribution distribution() {
    LanguageSampler s = new LanguageSampler(BAN, 1, MAX);
    return new TrainingDistribution(s, s.lengths(), List.of());
  }

  /**
   * P(a word of the distribution starts with w), w = b followed by k - 1 symbols, e even a's or
   * not: a longer word has 2^(n-k-1) completions of the right parity among its 2^(n-2) members
   * (so 2^(1-k) whatever n), and w itself is a member with probability 1/N(k) when e.
   */
  static double prefixProbability(int k, boolean even) {
    if (k == 0) return 1;
    double longer = (MAX - k) / (double) MAX * Math.pow(2, 1 - k);
    double members = k == 1 ? 1 : Math.pow(2, k - 2);
    return longer + (even ? 1 / (MAX * members) : 0);
  }

  /** The model that knows ban's training distribution exactly: its loss is the entropy. */
  static ScriptedModel oracle() {
    Vocabulary v = BAN.vocabulary();
    int a = v.id("a");
    int b = v.id("b");
    return new ScriptedModel(v.size(), 64, prefix -> {
      float[] l = new float[v.size()];
      java.util.Arrays.fill(l, -1e9f);
      int k = prefix.size() - 1; // symbols after SOS
      long as = prefix.stream().filter(id -> id == a).count();
      if (k == 0) {
        l[b] = 0;
        return l;
      }
      if (prefix.get(1) != b || k >= MAX + 1) return l;
      double here = prefixProbability(k, as % 2 == 0);
      double members = k == 1 ? 1 : Math.pow(2, k - 2);
      if (as % 2 == 0) l[Vocabulary.EOS] = (float) Math.log(1 / (MAX * members) / here);
      if (k < MAX) {
        l[a] = (float) Math.log(prefixProbability(k + 1, as % 2 == 1) / here);
        l[b] = (float) Math.log(prefixProbability(k + 1, as % 2 == 0) / here);
      }
      return l;
    });
  }

  /** A model that memorised one string per length: b^n, stopping anywhere, never an a. */
  static ScriptedModel memoriser() {
    Vocabulary v = BAN.vocabulary();
    return new ScriptedModel(v.size(), 64, prefix -> {
      float[] l = new float[v.size()];
      l[Vocabulary.PAD] = -1e9f;
      l[Vocabulary.SOS] = -1e9f;
      l[v.id("a")] = -40f;
      if (prefix.size() == 1) l[Vocabulary.EOS] = -40f;
      return l;
    });
  }

  @Test
  void theModelThatKnowsTheDistributionHasNoExcessLoss() {
    TrainingDistribution d = distribution();
    double entropy = d.entropyPerToken().orElseThrow();
    double loss = TestLoss.evaluate(oracle(), d.sample(3000, 4), 64).loss();
    assertEquals(entropy, loss, 0.02, "its loss on fresh draws estimates the entropy");
    CellResult.Convergence c = CellResult.Convergence.judge(entropy, loss, 3000, 1.0, "sampled K=16 T=1", 0.05, 0.9);
    assertEquals(Boolean.TRUE, c.learned(), c.verdict());
  }

  @Test
  void aModelThatMemorisedOneStringPerLengthHasNotLearnedBan() {
    TrainingDistribution d = distribution();
    double entropy = d.entropyPerToken().orElseThrow();
    double loss = TestLoss.evaluate(memoriser(), d.sample(512, 4), 64).loss();
    // Its completions of ID prompts may well be in ban (b^n is a member); its loss gives it away.
    CellResult.Convergence c = CellResult.Convergence.judge(entropy, loss, 512, 1.0, "sampled K=16 T=1", 0.05, 0.9);
    assertEquals(Boolean.FALSE, c.learned());
    assertTrue(c.excessLoss() > 1, "excess loss " + c.excessLoss());
    assertTrue(c.verdict().startsWith("not learned: excess loss"), c.verdict());
  }

  @Test
  void lowIdRateAloneFailsAndMissingMeasuresAreUnknown() {
    CellResult.Convergence low = CellResult.Convergence.judge(0.7, 0.71, 512, 0.5, "greedy", 0.05, 0.9);
    assertFalse(low.learned());
    assertTrue(low.verdict().contains("ID in-language 0.500 < 0.90 (greedy)"), low.verdict());
    assertNull(CellResult.Convergence.judge(null, 0.7, 512, 1.0, "greedy", 0.05, 0.9).learned());
  }
}
