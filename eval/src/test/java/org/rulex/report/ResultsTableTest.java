package org.rulex.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.result.CellResult;
import org.rulex.result.SyntheticResults;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetScore;

/** results.csv: written beside the report, read back with a plain CSV reader, and checked against the cells. */
class ResultsTableTest {

  @Test
  void everyCellPromptSetDecodingAndMeasureIsOneRowHoldingTheCellsNumbers(@TempDir Path dir) throws Exception {
    List<CellResult> cells = List.of(SyntheticResults.cell("anbn", "transformer", 1, 0.3, 80, 100), SyntheticResults.cell("anbn", "lstm", 2, 0.9, 41, 97),
        SyntheticResults.cell("anbn", "transformer", 2, 0.3, 77, 100, 93));
    Report.write(cells, dir);
    List<List<String>> rows = read(Files.readString(dir.resolve(ResultsTable.FILE)));
    assertEquals(ResultsTable.COLUMNS, rows.get(0));
    int expected = 0;
    for (CellResult c : cells)
      for (PromptSetScore p : c.promptSets()) expected += p.rules().size() + (p.inLanguage() == null ? 0 : 1) + (p.brokenRuleOnCompletion() == null ? 0 : 1);
    assertEquals(expected, rows.size() - 1);
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < ResultsTable.COLUMNS.size(); i++) col.put(ResultsTable.COLUMNS.get(i), i);
    int checked = 0;
    for (List<String> r : rows.subList(1, rows.size())) {
      assertEquals(ResultsTable.COLUMNS.size(), r.size(), r.toString());
      CellResult c = cells.stream().filter(x -> x.config().model().equals(r.get(col.get("model"))) && Long.toString(x.config().seed()).equals(r.get(col.get("seed"))))
          .findFirst().orElseThrow();
      PromptSetScore p = c.promptSet(r.get(col.get("prompt_set")), r.get(col.get("decoding")).equals("greedy"));
      String measure = r.get(col.get("measure"));
      Accuracy a = measure.equals(ResultsTable.IN_LANGUAGE) ? p.inLanguage()
          : measure.equals(ResultsTable.BROKEN_ON_COMPLETION) ? p.brokenRuleOnCompletion() : p.rules().get(measure);
      assertEquals(a.overAllPrompts().rate(), Double.parseDouble(r.get(col.get("rate"))), 0.0, r.toString());
      assertEquals(a.overAllPrompts().low(), Double.parseDouble(r.get(col.get("low"))), 0.0);
      assertEquals(a.overAllPrompts().high(), Double.parseDouble(r.get(col.get("high"))), 0.0);
      assertEquals(a.overAllPrompts().trials(), Long.parseLong(r.get(col.get("trials"))));
      assertEquals(a.overFinishedOnly().successes(), Long.parseLong(r.get(col.get("successes_finished_only"))));
      assertEquals(a.overFinishedOnly().trials(), Long.parseLong(r.get(col.get("trials_finished_only"))));
      assertEquals(Boolean.toString(c.learned()), r.get(col.get("learned")));
      assertEquals(Replication.status(c).name().toLowerCase(), r.get(col.get("status")));
      assertEquals(c.gitRevision(), r.get(col.get("git_revision")));
      checked++;
    }
    assertEquals(expected, checked);
    // the third cell's ID interval holds the threshold: it is borderline in the table as in the replication
    assertTrue(rows.stream().anyMatch(r -> r.get(col.get("seed")).equals("2") && r.get(col.get("model")).equals("transformer")
        && r.get(col.get("status")).equals("borderline")));
  }

  @Test
  void aValueWithACommaOrQuoteIsQuoted() {
    CellResult c = SyntheticResults.cell("anbn", "transformer", 1, 0.3, 80, 100);
    CellResult odd = new CellResult(c.schema(), new CellResult.Config(c.config().language(), c.config().languageAliases(), c.config().grammarHash(),
        c.config().model(), c.config().modelConfig(), c.config().training(), c.config().seed(), "my \"preset\", v2"), c.versions(), c.gitRevision(),
        c.gitDirty(), c.datasetHash(), c.samples(), c.selection(), c.checkpointStep(), c.test(), c.convergence(), c.heldOutLengths(), c.evaluation(),
        c.promptSets(), c.trainingCurve(), c.wallSeconds(), c.publishedProtocol(), c.exactness());
    List<List<String>> rows = read(ResultsTable.csv(List.of(odd)));
    assertEquals("my \"preset\", v2", rows.get(1).get(0));
  }

  /** RFC 4180: fields split on commas outside quotes, "" inside quotes is one quote. */
  static List<List<String>> read(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char ch = csv.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') { field.append('"'); i++; }
        else if (ch == '"') quoted = false;
        else field.append(ch);
      } else if (ch == '"') quoted = true;
      else if (ch == ',') { row.add(field.toString()); field.setLength(0); }
      else if (ch == '\n') { row.add(field.toString()); field.setLength(0); rows.add(row); row = new ArrayList<>(); }
      else field.append(ch);
    }
    return rows;
  }
}
