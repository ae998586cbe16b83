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
  void htmlEscapesMarkupAndQuotesInEveryCell() {
    assertEquals("&lt;b&gt; &amp; &quot;q&quot;", Html.escape("<b> & \"q\""));
    StringBuilder sb = new StringBuilder();
    Html.table(sb, "P(o) < 1", List.of("h<"), List.of(List.of("a&b")));
    assertEquals("<table>\n<caption>P(o) &lt; 1</caption>\n<thead><tr><th>h&lt;</th></tr></thead>\n<tbody>\n<tr><td>a&amp;b</td></tr>\n</tbody>\n</table>",
        sb.toString());
  }

  @Test
  void aLineChartDrawsEachSeriesAndLegendsOnlyLabelledOnes() {
    String svg = new LineChart("t", "x", "y", false, false).yRange(0, 1).withoutMarkers()
        .add(new LineChart.Series("solid", "#111", List.of(new LineChart.Point(0, 0.5), new LineChart.Point(1, 1))))
        .add(new LineChart.Series(null, "#222", true, List.of(new LineChart.Point(0, 0), new LineChart.Point(1, Double.NaN))))
        .svg("caption & more");
    assertEquals(2, svg.split("<path ", -1).length - 1, svg);
    assertTrue(svg.contains("stroke-dasharray=\"4 3\"/>"), "the unlabelled series is dashed");
    assertEquals(1, svg.split(">solid</text>", -1).length - 1, "one legend entry");
    assertFalse(svg.contains("<circle"), "no markers");
    // y = 1 is the top of the plot (TOP = 20) when the range is fixed to [0, 1]
    assertTrue(svg.contains("L410.0 20.0"), svg);
    assertTrue(svg.contains("<figcaption>caption &amp; more</figcaption>"));
  }

  @Test
  void anEmptyLineChartSaysSo() {
    assertTrue(new LineChart("t", "x", "y", false, false).whenEmpty("nothing yet").svg("c").contains(">nothing yet</text>"));
    assertFalse(new LineChart("t", "x", "y", false, false).svg("c").contains("nothing yet"));
  }
}
