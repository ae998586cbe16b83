package org.rulex.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.result.CellResult;
import org.rulex.result.SyntheticResults;

class ReportTest {
  @TempDir Path tmp;

  /** anbn x {lstm, transformer} x seeds {1, 2}. */
  static List<CellResult> cells() {
    return List.of(
        SyntheticResults.cell("anbn", "transformer", 1, 0.30, 50, 80),
        SyntheticResults.cell("anbn", "transformer", 2, 0.34, 70, 90),
        SyntheticResults.cell("anbn", "lstm", 2, 0.50, 20, 100),
        SyntheticResults.cell("anbn", "lstm", 1, 0.40, 40, 100));
  }

  @Test
  void reportShowsMeanAndStdOverSeedsBesideThePublishedNumbers() throws IOException {
    Report.write(cells(), tmp);
    String md = Files.readString(tmp.resolve(Report.MARKDOWN));
    // transformer OOD R1 over all prompts: .50, .70 -> .600 ± .141; finished only: 50/80, 70/90 -> .701 ± .108
    // no sampled sets here (—); chance .156 is the results' own computed level, not the published .154
    assertTrue(md.contains("| L3 anbn | transformer | 2 | 2/2 | ood-R2 (breaks R2) | R1 | 0.600 ± 0.141 (0.701 ± 0.108) | — | 0.156 | 0.657 |"), md);
    // lstm: .40, .20 -> .300 ± .141; test loss .40, .50 -> .450 ± .071; excess loss (loss / 10) .040, .050
    assertTrue(md.contains("0.300 ± 0.141 (0.300 ± 0.141) | — | 0.156 | 0.376"), md);
    assertTrue(md.contains("| L3 anbn | lstm | 2 | 2/2 | 0.045 ± 0.007 | 0.450 ± 0.071 | — |"), md);
    assertTrue(md.contains("| L3 anbn | transformer | 2 | 2/2 | 0.032 ± 0.003 | 0.320 ± 0.028 | — |"), md);
    String measured = md.substring(0, md.indexOf("## Reference"));
    assertFalse(measured.contains("0.154"), "the published chance level appears only in the published table");
    assertTrue(md.substring(md.indexOf("## Reference")).contains("0.154"));
    assertTrue(md.contains("published chance OOD R1"), md);
    assertTrue(md.contains("published (finished-only, max over training)"));
    String html = Files.readString(tmp.resolve(Report.HTML));
    assertTrue(html.contains("<svg"));
    assertTrue(html.contains("class=\"chance\""));
    assertTrue(html.contains("<figure class=\"chart training-curve\">") && html.contains("<path d=\"M"), "a validation-loss curve");
    assertFalse(html.contains("<script"), "the page is static");
    assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"), "no external resources");
  }

  @Test
  void thePageOpensWithOodRuleExtrapolationPerLanguageAndModelBesideChanceAndBothBaselines() {
    List<CellResult> cells = new ArrayList<>(cells());
    cells.add(SyntheticResults.cell("anbn", "lstm", 3, 0.50, 10, 100, 20)); // a seed that did not learn
    cells.add(SyntheticResults.cell("anbn", "uniform", 1, 2.0, 15, 100, 0));
    cells.add(SyntheticResults.cell("anbn", "stop-at-once", 1, 30.0, 0, 100, 0));
    String html = Report.html(cells);
    int summary = html.indexOf("<figure class=\"chart summary\">");
    assertTrue(summary > 0 && summary < html.indexOf("<table"), "the summary figure comes before every table");
    String figure = html.substring(summary, html.indexOf("</figure>", summary));
    assertEquals(4, count(figure, "<circle class=\"learned\""), "the four learned seeds of lstm and transformer");
    assertEquals(1, count(figure, "<circle class=\"unlearned\""), "lstm's third seed, drawn open");
    assertEquals(1, count(figure, "<line class=\"chance\""), "one row: R1 on prompts that break R2");
    assertEquals(2 + 2, count(figure, "<path class=\"baseline\""), "uniform and stop-at-once on the row, and in the legend");
    // the transformer's mean, 0.60, sits at 60% of the plot's width (x from 250 to 960)
    assertTrue(figure.contains("x1=\"676.0\""), figure);
    assertFalse(Report.markdown(cells).contains("<svg"), "the Markdown report has no charts");
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  @Test
  void theReportSaysWhatItsPresetIsFor() throws IOException {
    Report.write(cells(), tmp);
    assertFalse(Files.readString(tmp.resolve(Report.MARKDOWN)).contains("**Preset"), "no preset pinned, no line");
    org.rulex.bench.BenchRunner.pinPreset(tmp, org.rulex.bench.Preset.load("quick"));
    Report.write(cells(), tmp);
    String md = Files.readString(tmp.resolve(Report.MARKDOWN));
    assertTrue(md.startsWith("# rulex report\n\n**Preset quick: A smoke test, not a finding"), md.substring(0, 200));
    assertTrue(Files.readString(tmp.resolve(Report.HTML)).contains("<p><strong>Preset quick: A smoke test, not a finding"));
  }

  @Test
  void sameResultsInAnyOrderGiveTheSameBytes() {
    List<CellResult> reversed = new ArrayList<>(cells());
    java.util.Collections.reverse(reversed);
    assertEquals(Report.html(cells()), Report.html(reversed));
    assertEquals(Report.markdown(cells()), Report.markdown(reversed));
  }

  @Test
  void oneSeedShowsTheMeanAloneAndUnknownLanguagesHaveNoPublishedNumber() {
    CellResult c = SyntheticResults.cell("palindrome", "gru", 1, 0.30, 50, 80);
    CellResult odd = new CellResult(c.schema(), new CellResult.Config("palindrome", List.of("wmwr"), "h", "gru",
        c.config().modelConfig(), c.config().training(), 1, "quick"), c.versions(), c.gitRevision(), c.gitDirty(), c.datasetHash(),
        c.samples(), c.selection(), c.checkpointStep(), c.test(),
        CellResult.Convergence.judge(0.16, 0.40, 512, 0.95, "sampled K=16 T=1", 0.05, 0.9), null, c.evaluation(), c.promptSets(), List.of(), c.wallSeconds(), null, c.exactness());
    assertFalse(odd.learned());
    String md = Report.markdown(List.of(odd));
    assertTrue(md.contains("| palindrome | gru | 1 | 0/1 | ood-R2 (breaks R2) | R1 | 0.500 (0.625) | — | 0.156 | — |"), md);
    assertTrue(md.contains("not learned: excess loss 0.240 > 0.050 nats"), md);
    assertTrue(Report.html(List.of(odd)).contains("no training curve recorded"));
  }
}
