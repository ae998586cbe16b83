package org.rulex.suite;

import com.google.gson.JsonObject;
import java.util.List;
import org.rulex.report.Document;
import org.rulex.report.HtmlRenderer;
import org.rulex.report.MarkdownRenderer;

/**
 * What a suite makes of its units' results.
 *
 * @param summary the aggregated figures (means, intervals, verdicts), written as summary.json
 * @param section the report's section, starting with a level-2 heading, rendered to report.md and report.html
 */
public record SuiteReport(JsonObject summary, List<Document.Block> section) {
  public SuiteReport {
    section = List.copyOf(section);
  }

  /** The section in Markdown. */
  public String markdown() {
    return MarkdownRenderer.blocks(section);
  }

  /** The section as an HTML fragment. */
  public String html() {
    return HtmlRenderer.blocks(section);
  }

  /** The suite's page: its title and this section. */
  public Document document(String suiteName) {
    return new Document("rulex suite " + suiteName, section);
  }
}
