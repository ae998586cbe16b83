package org.rulex.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
  void heldOutWordsLeaveTheDistributionButNotTheirLength() {
    // bban of length 1..10: floor((n + 1) / 2) members of length n, lengths uniform over 1..10.
    Language bban = Languages.standard().get("bban");
    LanguageSampler s = new LanguageSampler(bban, 1, 10);
    List<int[]> heldOut = List.of(bban.encode("bbaa"), bban.encode("baa"));
    TrainingDistribution some = new TrainingDistribution(s, s.lengths(), heldOut);
    // Closed form: each length keeps probability 1/10, spread over its members minus the held-out ones.
    double h = 0;
    double tokens = 0;
    for (int n = 1; n <= 10; n++) {
      int kept = (n + 1) / 2 - (n == 3 || n == 4 ? 1 : 0);
      h += (Math.log(10) + Math.log(kept)) / 10;
      tokens += (n + 1) / 10.0;
    }
    assertEquals(h / tokens, some.entropyPerToken().orElseThrow(), 1e-12);
    Set<String> banned = new HashSet<>();
    for (int[] w : heldOut) banned.add(Arrays.toString(w));
    List<int[]> draws = some.sample(4000, 9);
    int[] perLength = new int[11];
    for (int[] w : draws) {
      assertTrue(bban.accepts(w));
      assertFalse(banned.contains(Arrays.toString(w)));
      perLength[w.length]++;
    }
    // A held-out word is redrawn at its own length: lengths 3 and 4 keep their 400 expected draws (sd 19).
    for (int n = 1; n <= 10; n++) assertTrue(Math.abs(perLength[n] - 400) < 95, "length " + n + ": " + perLength[n] + " draws");
    assertEquals(draws.stream().map(Arrays::toString).toList(), some.sample(4000, 9).stream().map(Arrays::toString).toList());
  }

  @Test
  void holdingOutEveryWordOfATrainingLengthIsRefused() {
    Language bban = Languages.standard().get("bban");
    LanguageSampler s = new LanguageSampler(bban, 1, 10);
    assertThrows(IllegalArgumentException.class, () -> new TrainingDistribution(s, s.lengths(), List.of(bban.encode("b"))));
  }
}
