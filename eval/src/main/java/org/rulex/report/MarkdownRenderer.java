package org.rulex.report;

import java.util.List;
import org.rulex.report.Document.Block;
import org.rulex.report.Document.Heading;
import org.rulex.report.Document.Paragraph;
import org.rulex.report.Document.Table;
import org.rulex.report.Document.Verdicts;

/** Writes a {@link Document} as GitHub-flavoured Markdown: report.md of the bench and of every suite. */
public final class MarkdownRenderer {
  private MarkdownRenderer() {}

  /** The whole document, its title as the level-1 heading. */
  public static String render(Document document) {
    return ("# " + document.title() + "\n\n" + blocks(document.blocks())).strip() + "\n";
  }

  /** Blocks alone, each followed by a blank line. */
  public static String blocks(List<Block> blocks) {
    StringBuilder sb = new StringBuilder();
    for (Block b : blocks) {
      if (b instanceof Heading h) {
        sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
      } else if (b instanceof Paragraph p) {
        sb.append(p.emphasis() == Document.Emphasis.STRONG ? "**" + p.text() + "**" : p.text()).append("\n\n");
      } else if (b instanceof Table t) {
        caption(sb, t.caption());
        sb.append(MarkdownTable.of(t.header(), t.rows())).append('\n');
      } else if (b instanceof Verdicts v) {
        caption(sb, v.caption());
        sb.append(MarkdownTable.of(Verdicts.HEADER, v.checks().stream().map(c -> List.of(c.id(), c.criterion(), c.verdict().label(), c.measured())).toList()))
            .append('\n');
      } // a Chart is drawn in report.html only
    }
    return sb.toString();
  }

  private static void caption(StringBuilder sb, String caption) {
    if (caption != null) sb.append("**").append(caption).append("**\n\n");
  }
}
