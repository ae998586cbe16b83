package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.Decoding;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;

class PublishedProtocolTest {
  /** An ood-R2 set of 100 prompts: r1 of the finished satisfy R1, r2 of them have R2 on the completion. */
  private static PromptSetScore ood(int finished, int r1, int r2, boolean greedy) {
    Decoding d = greedy ? Decoding.greedy(20) : Decoding.sampled(4, 1.0, 20);
    return new PromptSetScore("ood-R2", PromptSetRules.Kind.OOD, "R2", d, 100, Rate.of(finished, 100),
        Map.of("R1", Accuracy.of(r1, finished, 100)), Accuracy.of(r2, finished, 100), Accuracy.of(0, finished, 100), Map.of());
  }

  private static CellResult.ProtocolMetric metric(List<CellResult.ProtocolMetric> ms, String name) {
    return ms.stream().filter(m -> m.promptSet().equals("ood-R2") && m.metric().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void eachMetricTakesItsOwnMaximumOverTheChecksOverFinishedCompletionsOnly() {
    TreeMap<Long, List<PromptSetScore>> byStep = new TreeMap<>();
    byStep.put(100L, List.of(ood(10, 9, 1, true)));    // R1 finished-only 0.9 on 10 finished: the anchor's kind of peak
    byStep.put(200L, List.of(ood(80, 40, 60, true), ood(100, 100, 100, false)));  // sampled sets are not the protocol
    byStep.put(300L, List.of(ood(0, 0, 0, true)));     // nothing finished: no finished-only rate, counts for no maximum
    List<CellResult.ProtocolMetric> ms = PublishedProtocol.maxima(byStep, 200L);
    CellResult.ProtocolMetric r1 = metric(ms, "R1");
    assertEquals(0.9, r1.maxOverChecks(), 1e-12);
    assertEquals(100L, r1.atStep());
    assertEquals(0.5, r1.atSelected(), 1e-12, "at the selected checkpoint, 40 of 80 finished");
    CellResult.ProtocolMetric r2 = metric(ms, "R2-on-completion");
    assertEquals(0.75, r2.maxOverChecks(), 1e-12);
    assertEquals(200L, r2.atStep(), "another metric peaks at another check");
    CellResult.ProtocolMetric finished = metric(ms, "finished");
    assertEquals(0.8, finished.maxOverChecks(), 1e-12);
    assertTrue(ms.stream().noneMatch(m -> m.maxOverChecks() == 1.0), "the sampled set must not enter");
  }

  @Test
  void everyValidationCheckKeepsItsWeightsWithoutTheOptimizerState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path run) throws Exception {
    java.nio.file.Path last = run.resolve(org.rulex.train.Trainer.LAST);
    java.nio.file.Files.createDirectories(last);
    org.rulex.train.TrainListener keep = PublishedProtocol.keepChecks(run);
    for (int step : new int[] {1000, 250}) {
      java.nio.file.Files.writeString(last.resolve(org.rulex.train.Checkpoint.PARAMETERS), "weights at " + step);
      java.nio.file.Files.writeString(last.resolve(org.rulex.train.Checkpoint.CARD), "{}");
      java.nio.file.Files.writeString(last.resolve(org.rulex.train.Checkpoint.OPTIMIZER), "moments");
      keep.validated(new org.rulex.train.ValidationEvent(step, 1000, 0.5, 0.4, true, step, 0.4));
    }
    List<java.nio.file.Path> checks = PublishedProtocol.checks(run);
    assertEquals(2, checks.size());
    assertTrue(checks.get(0).endsWith("step-000000250"), "in step order, not file order: " + checks);
    assertEquals("weights at 1000", java.nio.file.Files.readString(checks.get(1).resolve(org.rulex.train.Checkpoint.PARAMETERS)));
    assertTrue(java.nio.file.Files.notExists(checks.get(1).resolve(org.rulex.train.Checkpoint.OPTIMIZER)));
  }

  @Test
  void theReportShowsTheProtocolBesideTheSelectedCheckpoint() {
    TreeMap<Long, List<PromptSetScore>> byStep = new TreeMap<>();
    byStep.put(100L, List.of(ood(10, 9, 1, true)));
    byStep.put(400L, List.of(ood(100, 50, 60, true)));
    org.rulex.result.CellResult c = org.rulex.result.SyntheticResults.cell("anbn", "transformer", 1, 0.3, 50, 100);
    org.rulex.result.CellResult withProtocol = new org.rulex.result.CellResult(c.schema(), c.config(), c.versions(), c.gitRevision(), c.gitDirty(),
        c.datasetHash(), c.samples(), c.selection(), c.checkpointStep(), c.test(), c.convergence(), c.heldOutLengths(), c.evaluation(),
        c.promptSets(), c.trainingCurve(), c.wallSeconds(),
        new CellResult.PublishedProtocol(PublishedProtocol.DEFINITION, List.of(100L, 400L), 400L, PublishedProtocol.maxima(byStep, 400L)), c.exactness());
    String md = org.rulex.report.Report.markdown(List.of(withProtocol));
    // all prompts 0.500, finished-only 0.500 at the selected step, 0.900 as the maximum over checks, published 0.657
    assertTrue(md.contains("| L3 anbn | transformer | 1 | 1/1 | ood-R2 (breaks R2) | R1 | 0.500 | 0.500 | 0.900 | 0.657 |"), md);
  }
}
