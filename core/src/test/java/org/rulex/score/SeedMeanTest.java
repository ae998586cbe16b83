package org.rulex.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedMeanTest {

  @Test
  void twoSeedsGiveTheStudentTIntervalByHand() {
    SeedMean m = SeedMean.of(List.of(0.1, 0.9));
    // mean 0.5, sample std 0.5657, t(1) = 12.706: half width 12.706 * 0.5657 / sqrt(2) = 5.082
    assertEquals(0.5, m.mean(), 1e-12);
    assertEquals(0.5 - 5.0824, m.low(), 1e-3);
    assertEquals(0.5 + 5.0824, m.high(), 1e-3);
  }

  @Test
  void anIntervalPastTheEndsOfItsRangeIsCutToIt() {
    SeedMean cut = SeedMean.of(List.of(0.1, 0.9)).within(0, 1);
    assertEquals(0.0, cut.low());
    assertEquals(1.0, cut.high());
    assertEquals(0.5, cut.mean(), 1e-12);
    assertEquals("0.500 [0.000, 1.000]", cut.format());
  }

  @Test
  void anIntervalInsideItsRangeIsLeftAsItIs() {
    SeedMean m = SeedMean.of(List.of(0.50, 0.52, 0.51));
    SeedMean cut = m.within(0, 1);
    assertEquals(m, cut);
    assertTrue(cut.low() > 0.4 && cut.high() < 0.6);
  }

  @Test
  void oneSeedHasNoIntervalToCut() {
    SeedMean cut = SeedMean.of(List.of(1.2)).within(0, 1);
    assertEquals(1.2, cut.mean()); // the range bounds the interval, not the data
    assertTrue(Double.isNaN(cut.low()) && Double.isNaN(cut.high()));
  }

  @Test
  void anEmptyRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SeedMean.of(List.of(0.1, 0.2)).within(1, 0));
  }
}
