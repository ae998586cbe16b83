package org.rulex.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /** Three learned seeds each of transformer and lstm, by their OOD R1 hits out of 100, beside the baselines. */
  private static List<CellResult> threeLearnedSeedsEach(int[] transformer, int[] lstm) {
    List<CellResult> cells = new java.util.ArrayList<>();
    for (int s = 0; s < 3; s++) cells.add(anbn("transformer", s + 1, LEARNED, transformer[s]));
    for (int s = 0; s < 3; s++) cells.add(anbn("lstm", s + 1, LEARNED, lstm[s]));
    return withBaselines(cells);
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

  private static CellResult baseline(String model, long seed, int oodR1Hits) {
    return SyntheticResults.cell("anbn", model, seed, NOT_LEARNED, oodR1Hits, 100, 20);
  }

  /** Uniform and stop-at-once on three seeds, far below the models of these tests. */
  private static List<CellResult> withBaselines(List<CellResult> cells) {
    List<CellResult> out = new java.util.ArrayList<>(cells);
    for (long s = 1; s <= 3; s++) {
      out.add(baseline("uniform", s, 5));
      out.add(baseline("stop-at-once", s, 3));
    }
    return out;
  }

  @Test
  void separatedIntervalsInThePublishedOrderReproduceTheClaim() {
    // published L3: transformer .657 > lstm .376
    List<CellResult> cells = threeLearnedSeedsEach(new int[] {80, 82, 84}, new int[] {40, 42, 44});
    Replication.Claim c = claim(cells, "transformer", "lstm");
    assertEquals(Replication.Verdict.REPRODUCED, c.ordering());
    assertEquals(Replication.Verdict.REPRODUCED, c.extrapolation(), c.extrapolationWhy());
    Replication.Figure t = Replication.of(cells).get(0).all().get(0);
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
    List<CellResult> cells = threeLearnedSeedsEach(new int[] {40, 42, 41}, new int[] {80, 81, 82});
    Replication.Claim c = claim(cells, "transformer", "lstm");
    assertEquals(Replication.Verdict.REFUTED, c.ordering());
    assertEquals(Replication.Verdict.REFUTED, c.extrapolation(), c.extrapolationWhy());
  }

  @Test
  void seedsThatDisagreeWidenTheIntervalBeyondThePrompts() {
    // 0.30 and 0.90: t with 1 df, 12.706 x 0.424 / sqrt 2 = 3.8: the interval is all of [0, 1]
    List<CellResult> cells = twoSeedsEach(30, 90, 20, 22);
    Replication.Figure t = Replication.of(cells).get(0).all().get(0);
    assertEquals(0.0, t.low(), 1e-12);
    assertEquals(1.0, t.high(), 1e-12);
    assertEquals(Replication.Verdict.INCONCLUSIVE, claim(cells, "transformer", "lstm").ordering());
  }

  @Test
  void overlappingIntervalsAreInconclusive() {
    List<CellResult> cells = twoSeedsEach(52, 50, 48, 51);
    assertEquals(Replication.Verdict.INCONCLUSIVE, claim(cells, "transformer", "lstm").ordering());
  }

  @Test
  void theOrderingCountsEverySeedWhileTheFindingCountsOnlyLearnedOnes() {
    // The unlearned transformer seed scores 0: the ordering over all seeds counts it (and its spread makes the claim
    // inconclusive); the finding leaves it out, and then has only 2 learned transformer seeds: untested, said why.
    List<CellResult> cells = withBaselines(List.of(anbn("transformer", 1, LEARNED, 80), anbn("transformer", 2, LEARNED, 82),
        anbn("transformer", 3, NOT_LEARNED, 0), anbn("lstm", 1, LEARNED, 20), anbn("lstm", 2, LEARNED, 22), anbn("lstm", 3, LEARNED, 21)));
    Replication.Language l = Replication.of(cells).get(0);
    Replication.Figure all = l.all().get(0);
    Replication.Figure learned = l.learned().get(0);
    assertEquals(3, all.counted());
    assertEquals((0.80 + 0.82 + 0.0) / 3, all.mean(), 1e-9);
    assertEquals(2, learned.counted());
    assertEquals(2, learned.learned());
    assertEquals(0.81, learned.mean(), 1e-9);
    Replication.Claim c = claim(cells, "transformer", "lstm");
    assertEquals(Replication.Verdict.INCONCLUSIVE, c.ordering());
    assertEquals(Replication.Verdict.UNTESTED, c.extrapolation());
    assertEquals("transformer did not learn anbn: 2/3, fewer than 3", c.extrapolationWhy());
  }

  @Test
  void aFindingNeedsEachModelAboveBothBaselines() {
    // lstm at 0.30 lies within stop-at-once's 0.30: the finding is untested however well the transformer does.
    List<CellResult> cells = new java.util.ArrayList<>(List.of(anbn("transformer", 1, LEARNED, 80), anbn("transformer", 2, LEARNED, 82),
        anbn("transformer", 3, LEARNED, 81), anbn("lstm", 1, LEARNED, 30), anbn("lstm", 2, LEARNED, 31), anbn("lstm", 3, LEARNED, 29)));
    for (long s = 1; s <= 3; s++) {
      cells.add(baseline("uniform", s, 5));
      cells.add(baseline("stop-at-once", s, 30));
    }
    Replication.Claim c = claim(cells, "transformer", "lstm");
    assertEquals(Replication.Verdict.REPRODUCED, c.ordering());
    assertEquals(Replication.Verdict.UNTESTED, c.extrapolation());
    assertTrue(c.extrapolationWhy().startsWith("lstm not above stop-at-once (0.300 ["), c.extrapolationWhy());
    assertFalse(c.extrapolationWhy().contains("uniform"), c.extrapolationWhy());
    // Without baseline cells there is no finding either.
    Replication.Claim bare = claim(twoSeedsEach(80, 82, 20, 22), "transformer", "lstm");
    assertEquals(Replication.Verdict.UNTESTED, bare.extrapolation());
    assertTrue(bare.extrapolationWhy().contains("no uniform baseline cells"), bare.extrapolationWhy());
  }

  @Test
  void aCellWhoseIdIntervalHoldsTheThresholdIsBorderlineNeitherLearnedNorUnlearned() {
    // 93 of 100 greedy ID completions in the language: Wilson [0.862, 0.966] holds 0.9, although 0.93 passes the flag.
    CellResult border = SyntheticResults.cell("anbn", "transformer", 4, LEARNED, 80, 100, 93);
    assertTrue(border.learned(), "the flag alone says learned");
    assertEquals(Replication.Status.BORDERLINE, Replication.status(border));
    // 85 of 100: Wilson [0.767, 0.907] holds 0.9 too, although the flag says not learned.
    assertEquals(Replication.Status.BORDERLINE, Replication.status(SyntheticResults.cell("anbn", "transformer", 5, NOT_LEARNED, 80, 100, 85)));
    assertEquals(Replication.Status.LEARNED, Replication.status(anbn("transformer", 1, LEARNED, 80)));
    assertEquals(Replication.Status.UNLEARNED, Replication.status(SyntheticResults.cell("anbn", "transformer", 6, NOT_LEARNED, 80, 100, 50)));
    List<CellResult> cells = withBaselines(List.of(anbn("transformer", 1, LEARNED, 80), anbn("transformer", 2, LEARNED, 82), border,
        anbn("lstm", 1, LEARNED, 20), anbn("lstm", 2, LEARNED, 22), anbn("lstm", 3, LEARNED, 21)));
    Replication.Figure learned = Replication.of(cells).get(0).learned().get(0);
    assertEquals(2, learned.learned());
    assertEquals(1, learned.borderline());
    assertEquals("transformer did not learn anbn: 2/3 (1 borderline), fewer than 3", claim(cells, "transformer", "lstm").extrapolationWhy());
  }

  @Test
  void oneSeedDecidesNoOrdering() {
    List<CellResult> cells = List.of(anbn("transformer", 1, LEARNED, 90), anbn("lstm", 1, LEARNED, 10), anbn("lstm", 2, LEARNED, 11));
    Replication.Claim c = claim(cells, "transformer", "lstm");
    assertEquals(Replication.Verdict.UNTESTED, c.ordering());
    assertEquals("transformer has 1 seed with a figure, fewer than 2", c.orderingWhy());
  }

  @Test
  void theReportListsEveryClaimWithBothVerdictsAndCountsThem() {
    List<CellResult> cells = threeLearnedSeedsEach(new int[] {80, 82, 84}, new int[] {40, 42, 44});
    String md = Report.markdown(cells);
    assertTrue(md.contains("## Replication of the published ranking"), md);
    assertTrue(md.contains("| L3 anbn | transformer > lstm | 0.657 > 0.376 | transformer 0.820 ["), md);
    assertTrue(md.contains("| reproduced | transformer 0.820 ["), md);
    assertTrue(md.contains("1 published claims. The ordering as published: 1 reproduced, 0 refuted, 0 inconclusive, 0 untested. "
        + "As a finding about rule extrapolation: 1 reproduced, 0 refuted, 0 inconclusive, 0 untested."), md);
  }

  @Test
  void theReportWarnsWhenCellsComeFromSeveralRevisionsOrADirtyTree() {
    CellResult a = anbn("transformer", 1, LEARNED, 80);
    CellResult b = anbn("transformer", 2, LEARNED, 80);
    assertTrue(Report.provenanceWarnings(List.of(a, b)).isEmpty());
    CellResult other = new CellResult(b.schema(), b.config(), b.versions(), "0123456789abcdef0123456789abcdef01234567", List.of("M eval/Foo.java"),
        b.datasetHash(), b.samples(), b.selection(), b.checkpointStep(), b.test(), b.convergence(), b.heldOutLengths(), b.evaluation(),
        b.promptSets(), b.trainingCurve(), b.wallSeconds(), b.publishedProtocol(), b.exactness());
    List<String> w = Report.provenanceWarnings(List.of(a, other));
    assertEquals(2, w.size(), w.toString());
    assertTrue(w.get(0).contains("2 code revisions (0123456789ab: 1, unknown: 1)"), w.get(0));
    assertTrue(w.get(1).contains("1 of 2 results come from a working tree with uncommitted changes"), w.get(1));
    assertTrue(Report.markdown(List.of(a, other)).contains("**Warning: these results come from 2 code revisions"));
  }
}
