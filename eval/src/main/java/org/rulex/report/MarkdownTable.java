package org.rulex.report;

import java.util.List;

/** A GitHub-flavoured Markdown table from a header and text cells. */
public final class MarkdownTable {
  private MarkdownTable() {}

  /** The table, one line a row, each ending in a newline; a '|' inside a cell is escaped. */
  public static String of(List<String> header, List<? extends List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    row(sb, header);
    sb.append("|").append("---|".repeat(header.size())).append("\n");
    for (List<String> r : rows) row(sb, r);
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append("| ").append(String.join(" | ", cells.stream().map(MarkdownTable::cell).toList())).append(" |\n");
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
