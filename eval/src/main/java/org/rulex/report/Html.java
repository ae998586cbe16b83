package org.rulex.report;

import java.util.List;

/** HTML text and tables for rulex's self-contained reports (no scripts, no external files). */
public final class Html {
  private Html() {}

  /** Text safe inside an element or a double-quoted attribute. */
  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /**
   * A table with a header row and text cells, every cell escaped; caption is left out when null.
   * Ends without a newline, so that a caller may close a wrapper on the same line.
   */
  public static void table(StringBuilder sb, String caption, List<String> header, List<? extends List<String>> rows) {
    sb.append("<table>\n");
    if (caption != null) sb.append("<caption>").append(escape(caption)).append("</caption>\n");
    sb.append("<thead><tr>");
    for (String h : header) sb.append("<th>").append(escape(h)).append("</th>");
    sb.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      sb.append("<tr>");
      for (String c : row) sb.append("<td>").append(escape(c)).append("</td>");
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table>");
  }
}
