package org.rulex.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.result.CellResult;
import org.rulex.result.SyntheticResults;

class ReplicationTest {
  // SyntheticResults: a cell learned its language when testLoss <= 0.6 (excess loss = testLoss / 10, threshold 0.06).
  private static final double LEARNED = 0.3;
  private static final double NOT_LEARNED = 0.9;

  private static CellResult anbn(String model, long seed, double loss, int oodR1Hits) {
    return SyntheticResults.cell("anbn", model, seed, loss, oodR1Hits, 100);
  }

  /** Two learned seeds each of transformer and lstm, by their OOD R1 hits out of 100. */
  private static List<CellResult> twoSeedsEach(int transformer1, int transformer2, int lstm1, int lstm2) {
    return List.of(anbn("transformer", 1, LEARNED, transformer1), anbn("transformer", 2, LEARNED, transformer2),
        anbn("lstm", 1, LEARNED, lstm1), anbn("lstm", 2, LEARNED, lstm2));
  }

  private static Replication.Claim claim(List<CellResult> cells, String better, String worse) {
    List<Replication.Language> ls = Replication.of(cells);
    assertEquals(1, ls.size());
    return ls.get(0).claims().stream().filter(c -> c.better().equals(better) && c.worse().equals(worse)).findFirst().orElseThrow();
  }

  @Test
  void separatedIntervalsInThePublishedOrderReproduceTheClaim() {
    // published L3: transformer .657 > lstm .376
    List<CellResult> cells = List.of(anbn("transformer", 1, LEARNED, 80), anbn("transformer", 2, LEARNED, 82), anbn("transformer", 3, LEARNED, 84),
        anbn("lstm", 1, LEARNED, 20), anbn("lstm", 2, LEARNED, 22), anbn("lstm", 3, LEARNED, 24));
    assertEquals(Replication.Verdict.REPRODUCED, claim(cells, "transformer", "lstm").verdict());
    Replication.Figure t = Replication.of(cells).get(0).figures().get(0);
    assertEquals("transformer", t.model(), "figures come in published order, best first");
    assertEquals(0.82, t.mean(), 1e-9);
    // the seed interval (t with 2 df: 4.303 x 0.02 / sqrt 3 = 0.050) is narrower than the cells' own Wilson intervals
    // over 100 prompts (half-widths about 0.08), which therefore set the bounds, averaged over the three seeds
    double halfLow = 0;
    double halfHigh = 0;
    for (int hits : new int[] {80, 82, 84}) {
      org.rulex.score.Rate r = org.rulex.score.Rate.of(hits, 100);
      halfLow += (r.rate() - r.low()) / 3;
      halfHigh += (r.high() - r.rate()) / 3;
    }
    assertTrue(halfLow > 4.303 * 0.02 / Math.sqrt(3));
    assertEquals(0.82 - halfLow, t.low(), 1e-9);
    assertEquals(0.82 + halfHigh, t.high(), 1e-9);
  }

  @Test
  void separatedIntervalsInTheOtherOrderRefuteIt() {
    List<CellResult> cells = twoSeedsEach(20, 22, 80, 81);
    assertEquals(Replication.Verdict.REFUTED, claim(cells, "transformer", "lstm").verdict());
  }

  @Test
  void seedsThatDisagreeWidenTheIntervalBeyondThePrompts() {
    // 0.30 and 0.90: t with 1 df, 12.706 x 0.424 / sqrt 2 = 3.8: the interval is all of [0, 1]
    List<CellResult> cells = twoSeedsEach(30, 90, 20, 22);
    Replication.Figure t = Replication.of(cells).get(0).figures().get(0);
    assertEquals(0.0, t.low(), 1e-12);
    assertEquals(1.0, t.high(), 1e-12);
    assertEquals(Replication.Verdict.INCONCLUSIVE, claim(cells, "transformer", "lstm").verdict());
  }

  @Test
  void overlappingIntervalsAreInconclusive() {
    List<CellResult> cells = twoSeedsEach(52, 50, 48, 51);
    assertEquals(Replication.Verdict.INCONCLUSIVE, claim(cells, "transformer", "lstm").verdict());
  }

  @Test
  void onlyCellsThatLearnedCount() {
    // the unlearned transformer seed scores 0: counted, it would refute the claim; it must not be counted
    List<CellResult> cells = List.of(anbn("transformer", 1, LEARNED, 80), anbn("transformer", 2, LEARNED, 82), anbn("transformer", 3, NOT_LEARNED, 0),
        anbn("lstm", 1, LEARNED, 20), anbn("lstm", 2, LEARNED, 22), anbn("linear", 1, NOT_LEARNED, 90));
    Replication.Figure t = Replication.of(cells).get(0).figures().get(0);
    assertEquals(2, t.learned());
    assertEquals(3, t.cells());
    assertEquals(0.81, t.mean(), 1e-9);
    assertEquals(Replication.Verdict.REPRODUCED, claim(cells, "transformer", "lstm").verdict());
    assertEquals(Replication.Verdict.UNTESTED, claim(cells, "lstm", "linear").verdict(), "linear learned nothing: its 0.90 is no finding");
  }

  @Test
  void theReportListsEveryClaimWithItsVerdict() {
    List<CellResult> cells = twoSeedsEach(80, 82, 20, 22);
    String md = Report.markdown(cells);
    assertTrue(md.contains("## Replication of the published ranking"), md);
    assertTrue(md.contains("| L3 anbn | transformer > lstm | 0.657 > 0.376 | transformer 0.657 > lstm 0.376 | transformer 0.810"), md);
    assertTrue(md.contains("| reproduced |"), md);
  }
}
