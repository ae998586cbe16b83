package org.rulex.report;

import java.util.List;
import org.rulex.report.Document.Block;
import org.rulex.report.Document.Chart;
import org.rulex.report.Document.Heading;
import org.rulex.report.Document.Paragraph;
import org.rulex.report.Document.Table;
import org.rulex.report.Document.Verdicts;

/**
 * Writes a {@link Document} as one self-contained HTML page (inline CSS and SVG, no scripts, no
 * external files): report.html of the bench and of every suite. Every table sits in its own
 * box that scrolls sideways when it is wider than the page, so nothing is cut off; charts in a row
 * wrap.
 */
public final class HtmlRenderer {
  private HtmlRenderer() {}

  static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}\n"
      + "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}\n"
      + "caption{text-align:left;font-size:13px;padding:0 0 .3em;max-width:60em}\n"
      + "th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;white-space:nowrap}\n"
      + "th{background:#f0f0f0;white-space:normal;vertical-align:bottom}td:nth-child(-n+2){text-align:left}\n"
      + "td.verdict.pass{color:#060}td.verdict.fail{color:#b00;font-weight:bold}td.text{white-space:normal;text-align:left;min-width:16em}\n"
      + "div.table,figure{overflow-x:auto;max-width:100%}\n"
      + "p.note{font-size:13px;color:#555;max-width:60em}\n"
      + ".charts{display:flex;flex-wrap:wrap;gap:1em}\n"
      + "figure{margin:0 0 1em}figcaption{font-size:12px;color:#555;max-width:560px}figure.summary figcaption{max-width:60em}\n"
      + "svg text{font-family:system-ui,sans-serif}\n";

  /** The page: head with the one style sheet, the title as h1, then the blocks. */
  public static String render(Document document) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Html.escape(document.title()) + "</title>\n<style>\n" + STYLE
        + "</style>\n</head>\n<body>\n<h1>" + Html.escape(document.title()) + "</h1>\n" + blocks(document.blocks()) + "</body>\n</html>\n";
  }

  /** Blocks alone, as an HTML fragment; consecutive charts share one wrapping row. */
  public static String blocks(List<Block> blocks) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      boolean firstChart = b instanceof Chart && (i == 0 || !(blocks.get(i - 1) instanceof Chart));
      boolean lastChart = b instanceof Chart && (i == blocks.size() - 1 || !(blocks.get(i + 1) instanceof Chart));
      if (firstChart) sb.append("<div class=\"charts\">\n");
      if (b instanceof Heading h) {
        sb.append("<h").append(h.level()).append('>').append(Html.escape(h.text())).append("</h").append(h.level()).append(">\n");
      } else if (b instanceof Paragraph p) {
        sb.append(switch (p.emphasis()) {
          case PLAIN -> "<p>" + Html.escape(p.text()) + "</p>\n";
          case STRONG -> "<p><strong>" + Html.escape(p.text()) + "</strong></p>\n";
          case NOTE -> "<p class=\"note\">" + Html.escape(p.text()) + "</p>\n";
        });
      } else if (b instanceof Table t) {
        open(sb, t.caption(), t.header());
        for (List<String> row : t.rows()) {
          sb.append("<tr>");
          for (String cell : row) sb.append("<td>").append(Html.escape(cell)).append("</td>");
          sb.append("</tr>\n");
        }
        close(sb);
      } else if (b instanceof Verdicts v) {
        open(sb, v.caption(), Verdicts.HEADER);
        for (Document.Check c : v.checks()) {
          String kind = c.verdict() == Verdict.PASS || c.verdict() == Verdict.REPRODUCED ? "pass"
              : c.verdict() == Verdict.FAIL || c.verdict() == Verdict.REFUTED ? "fail" : "other";
          sb.append("<tr><td>").append(Html.escape(c.id())).append("</td><td class=\"text\">").append(Html.escape(c.criterion()))
              .append("</td><td class=\"verdict ").append(kind).append("\">").append(Html.escape(c.verdict().label()))
              .append("</td><td class=\"text\">").append(Html.escape(c.measured())).append("</td></tr>\n");
        }
        close(sb);
      } else if (b instanceof Chart c) {
        sb.append("<figure class=\"").append(Html.escape(c.cssClass())).append("\">\n").append(c.svg())
            .append("<figcaption>").append(Html.escape(c.caption())).append("</figcaption>\n</figure>\n");
      }
      if (lastChart) sb.append("</div>\n");
    }
    return sb.toString();
  }

  /** Opens a table in its scrolling box, with its caption (when not null) and header. */
  private static void open(StringBuilder sb, String caption, List<String> header) {
    sb.append("<div class=\"table\"><table>\n");
    if (caption != null) sb.append("<caption>").append(Html.escape(caption)).append("</caption>\n");
    sb.append("<thead><tr>");
    for (String h : header) sb.append("<th>").append(Html.escape(h)).append("</th>");
    sb.append("</tr></thead>\n<tbody>\n");
  }

  private static void close(StringBuilder sb) {
    sb.append("</tbody>\n</table></div>\n");
  }
}
