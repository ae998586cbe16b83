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
}
