package org.rulex.report;

import java.util.List;

/** A report table as text cells with a title and a note, rendered as Markdown or HTML from the same data. */
record Table(String title, String note, List<String> header, List<List<String>> rows) {

  /** "## title", the note, then the table. */
  String markdownSection() {
    return "\n## " + title + "\n\n" + note + "\n\n" + MarkdownTable.of(header, rows);
  }

  /** The title as a heading, the note, and the table in a scrolling box. */
  String htmlSection() {
    StringBuilder sb = new StringBuilder();
    sb.append("<h2>").append(Html.escape(title)).append("</h2>\n<p class=\"note\">").append(Html.escape(note)).append("</p>\n<div class=\"table\">");
    Html.table(sb, null, header, rows);
    return sb.append("</div>\n").toString();
  }
}
