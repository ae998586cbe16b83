package org.rulex.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;

class TrainingDistributionTest {

  @Test
  void anbnEntropyIsTheLengthChoiceSpreadOverItsTokens() {
    // one member per even length 2..30, lengths uniform: H = log 15 nats per word, E[n + 1] = 17 tokens.
    Language anbn = Languages.standard().get("anbn");
    LanguageSampler s = new LanguageSampler(anbn, 1, 30);
    TrainingDistribution d = new TrainingDistribution(s, s.lengths(), List.of());
    assertEquals(Math.log(15) / 17, d.entropyPerToken().orElseThrow(), 1e-12);
  }

  @Test
  void banEntropyMatchesTheClosedForm() {
    // ban: b then any word with an even number of a's: 2^(n-2) members of length n >= 2, 1 of length 1.
    Language ban = Languages.standard().get("ban");
    LanguageSampler s = new LanguageSampler(ban, 1, 32);
    double h = 0;
    double tokens = 0;
    for (int n = 1; n <= 32; n++) {
      double members = n == 1 ? 1 : Math.pow(2, n - 2);
      assertEquals(BigInteger.valueOf((long) members), s.count(n).orElseThrow(), "length " + n);
      h += (Math.log(32) + Math.log(members)) / 32;
      tokens += (n + 1) / 32.0;
    }
    double entropy = new TrainingDistribution(s, s.lengths(), List.of()).entropyPerToken().orElseThrow();
    assertEquals(h / tokens, entropy, 1e-12);
    assertEquals(0.774, entropy, 0.0005); // the figure measured in ../shared/REFERENCE.md
  }

  @Test
  void heldOutWordsLeaveTheDistributionAndLowerItsEntropy() {
    Language bban = Languages.standard().get("bban");
    LanguageSampler s = new LanguageSampler(bban, 1, 10);
    List<int[]> heldOut = List.of(bban.encode("bbaa"), bban.encode("ba" + "a"), bban.encode("b"));
    TrainingDistribution all = new TrainingDistribution(s, s.lengths(), List.of());
    TrainingDistribution some = new TrainingDistribution(s, s.lengths(), heldOut);
    assertTrue(some.entropyPerToken().orElseThrow() != all.entropyPerToken().orElseThrow());
    Set<String> banned = new HashSet<>();
    for (int[] w : heldOut) banned.add(Arrays.toString(w));
    List<int[]> draws = some.sample(2000, 9);
    for (int[] w : draws) {
      assertTrue(bban.accepts(w));
      assertFalse(banned.contains(Arrays.toString(w)));
    }
    assertEquals(draws.stream().map(Arrays::toString).toList(), some.sample(2000, 9).stream().map(Arrays::toString).toList());
  }
}
