package org.rulex.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared pieces every report is written with: Markdown tables, HTML escaping and tables, line charts. */
class ReportPiecesTest {
  @Test
  void aMarkdownTableEscapesPipesInsideCells() {
    assertEquals("| a | b\\|c |\n|---|---|\n| 1 | x\\|y |\n", MarkdownTable.of(List.of("a", "b|c"), List.of(List.of("1", "x|y"))));
  }

  @Test
  void htmlEscapesMarkupAndQuotesInEveryCellAndBoxesEveryTable() {
    assertEquals("&lt;b&gt; &amp; &quot;q&quot;", Html.escape("<b> & \"q\""));
    String html = HtmlRenderer.blocks(List.of(new Document.Table("P(o) < 1", List.of("h<"), List.of(List.of("a&b")))));
    assertEquals("<div class=\"table\"><table>\n<caption>P(o) &lt; 1</caption>\n<thead><tr><th>h&lt;</th></tr></thead>\n<tbody>\n"
        + "<tr><td>a&amp;b</td></tr>\n</tbody>\n</table></div>\n", html);
    assertTrue(HtmlRenderer.STYLE.contains("div.table,figure{overflow-x:auto"), "a wide table scrolls inside its own box");
  }

  @Test
  void oneDocumentRendersToMarkdownAndHtmlAlike() {
    Document d = new Document("rulex suite x", List.of(new Document.Heading(2, "Section"), Document.Paragraph.strong("Partial <figures>"),
        new Document.Chart("chart c", "<svg></svg>\n", "a caption"),
        new Document.Verdicts("Criteria", List.of(new Document.Check("1", "r >= .8", Verdict.of(false), "r 0.5"),
            new Document.Check("2", "pull <= .1", Verdict.of(null), "not run")))));
    assertEquals("# rulex suite x\n\n## Section\n\n**Partial <figures>**\n\n**Criteria**\n\n| # | criterion | verdict | measured |\n|---|---|---|---|\n"
        + "| 1 | r >= .8 | fail | r 0.5 |\n| 2 | pull <= .1 | not run | not run |\n", MarkdownRenderer.render(d));
    String html = HtmlRenderer.render(d);
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<title>rulex suite x</title>") && html.contains("<h1>rulex suite x</h1>"));
    assertTrue(html.contains("<p><strong>Partial &lt;figures&gt;</strong></p>"), html);
    assertTrue(html.contains("<div class=\"charts\">\n<figure class=\"chart c\">\n<svg></svg>\n<figcaption>a caption</figcaption>\n</figure>\n</div>"), html);
    assertTrue(html.contains("<td class=\"verdict fail\">fail</td>") && html.contains("<td class=\"verdict other\">not run</td>"), html);
  }

  @Test
  void verdictsAreSpelledOneWay() {
    assertEquals(List.of("pass", "fail", "not run"), List.of(Verdict.of(true).label(), Verdict.of(false).label(), Verdict.of(null).label()));
  }

  @Test
  void aTableRowMustFillItsHeader() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Document.Table(null, List.of("a", "b"), List.of(List.of("1"))));
  }

  @Test
  void aLineChartDrawsEachSeriesAndLegendsOnlyLabelledOnes() {
    String svg = new LineChart("t", "x", "y", false, false).yRange(0, 1).withoutMarkers()
        .add(new LineChart.Series("solid", "#111", List.of(new LineChart.Point(0, 0.5), new LineChart.Point(1, 1))))
        .add(new LineChart.Series(null, "#222", true, List.of(new LineChart.Point(0, 0), new LineChart.Point(1, Double.NaN))))
        .chart("caption & more").svg();
    assertEquals(2, svg.split("<path ", -1).length - 1, svg);
    assertTrue(svg.contains("stroke-dasharray=\"4 3\"/>"), "the unlabelled series is dashed");
    assertEquals(1, svg.split(">solid</text>", -1).length - 1, "one legend entry");
    assertFalse(svg.contains("<circle"), "no markers");
    // y = 1 is the top of the plot (TOP = 20) when the range is fixed to [0, 1]
    assertTrue(svg.contains("L410.0 20.0"), svg);
    assertTrue(HtmlRenderer.blocks(List.of(new LineChart("t", "x", "y", false, false).chart("caption & more")))
        .contains("<figcaption>caption &amp; more</figcaption>"));
  }

  @Test
  void anEmptyLineChartSaysSo() {
    assertTrue(new LineChart("t", "x", "y", false, false).whenEmpty("nothing yet").chart("c").svg().contains(">nothing yet</text>"));
    assertFalse(new LineChart("t", "x", "y", false, false).chart("c").svg().contains("nothing yet"));
  }
}
