package org.rulex.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RateTest {
  @Test
  void wilsonIntervalOfEightOutOfTenMatchesTheTextbookValue() {
    Rate r = Rate.of(8, 10);
    assertEquals(0.8, r.rate(), 1e-12);
    assertEquals(0.490, r.low(), 5e-4);
    assertEquals(0.943, r.high(), 5e-4);
  }

  @Test
  void wilsonIntervalAtTheEdgesStaysInsideZeroOne() {
    Rate none = Rate.of(0, 10);
    assertEquals(0.0, none.low());
    assertEquals(0.2775, none.high(), 5e-4);
    Rate all = Rate.of(10, 10);
    assertEquals(0.7225, all.low(), 5e-4);
    assertEquals(1.0, all.high());
    Rate half = Rate.of(50, 100);
    assertEquals(0.404, half.low(), 5e-4);
    assertEquals(0.596, half.high(), 5e-4);
  }

  @Test
  void noTrialsIsNoDataNotZero() {
    Rate r = Rate.of(0, 0);
    assertTrue(Double.isNaN(r.rate()));
    assertTrue(Double.isNaN(r.low()));
    assertTrue(Double.isNaN(r.high()));
    assertFalse(r.isDefined());
  }

  @Test
  void moreSuccessesThanTrialsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Rate.of(3, 2));
  }

  @Property
  void intervalBracketsTheRateWithinZeroOne(@ForAll @IntRange(min = 1, max = 100_000) int trials, @ForAll @IntRange(min = 0, max = 100_000) int successes) {
    Assume.that(successes <= trials);
    Rate r = Rate.of(successes, trials);
    assertTrue(0 <= r.low() && r.low() <= r.rate() && r.rate() <= r.high() && r.high() <= 1, r.toString());
  }

  @Property
  void intervalIsSymmetricUnderSwappingSuccessAndFailure(@ForAll @IntRange(min = 1, max = 10_000) int trials, @ForAll @IntRange(min = 0, max = 10_000) int successes) {
    Assume.that(successes <= trials);
    Rate r = Rate.of(successes, trials);
    Rate flipped = Rate.of(trials - successes, trials);
    assertEquals(r.low(), 1 - flipped.high(), 1e-9);
    assertEquals(r.high(), 1 - flipped.low(), 1e-9);
  }

  @Test
  void clusteredIntervalTreatsThePromptAsTheUnit() {
    // 50 prompts x 16 samples; half the prompts always succeed, half never: 400/800 completions,
    // but only 50 independent units. A Wilson interval over 800 would be about +-0.035 wide.
    long[] s = new long[50];
    long[] t = new long[50];
    for (int i = 0; i < 50; i++) {
      s[i] = i % 2 == 0 ? 16 : 0;
      t[i] = 16;
    }
    Rate r = Rate.clustered(s, t, 1);
    assertEquals(0.5, r.rate(), 1e-12);
    assertEquals(400, r.successes());
    assertEquals(800, r.trials());
    assertTrue(r.high() - r.low() > 0.2, "interval over prompts, not completions: " + r);
    assertEquals(r, Rate.clustered(s, t, 1), "seeded");
    Rate wilson = Rate.of(400, 800);
    assertTrue(wilson.high() - wilson.low() < 0.08);
  }

  @Test
  void clusteredWithOneTrialAPromptIsWilson() {
    long[] s = {1, 0, 1, 1, 0};
    long[] t = {1, 1, 1, 1, 1};
    assertEquals(Rate.of(3, 5), Rate.clustered(s, t, 9));
  }

  @Property
  void clusteredIntervalBracketsTheRate(@ForAll("perPrompt") long[][] counts) {
    Rate r = Rate.clustered(counts[0], counts[1], 3);
    if (r.trials() == 0) return;
    assertTrue(0 <= r.low() && r.low() <= r.rate() && r.rate() <= r.high() && r.high() <= 1, r.toString());
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<long[][]> perPrompt() {
    return net.jqwik.api.Arbitraries.integers().between(1, 40).flatMap(n ->
        net.jqwik.api.Arbitraries.integers().between(0, 8).array(int[].class).ofSize(n).flatMap(trials ->
            net.jqwik.api.Arbitraries.randomValue(random -> {
              long[] s = new long[n];
              long[] t = new long[n];
              for (int i = 0; i < n; i++) {
                t[i] = trials[i];
                s[i] = trials[i] == 0 ? 0 : random.nextInt(trials[i] + 1);
              }
              return new long[][] {s, t};
            })));
  }
}
