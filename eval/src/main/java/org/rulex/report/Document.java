package org.rulex.report;

import java.util.List;

/**
 * A report as data: a title and its blocks (headings, paragraphs, tables, charts, verdicts). The
 * bench and every suite build one; {@link MarkdownRenderer} and {@link HtmlRenderer} write it, so
 * that every report reads alike and escaping happens in one place.
 */
public record Document(String title, List<Block> blocks) {
  public Document {
    blocks = List.copyOf(blocks);
  }

  /** One piece of a report. Text in a block is plain: the renderers escape it. */
  public sealed interface Block permits Heading, Paragraph, Table, Chart, Verdicts {}

  /** A heading; level 2 for a section, 3 and 4 below it (level 1 is the document's title). */
  public record Heading(int level, String text) implements Block {
    public Heading {
      if (level < 2 || level > 4) throw new IllegalArgumentException("heading level " + level + ", not 2 to 4");
    }
  }

  /** How a paragraph reads: plain, strong (a warning, the preset's line), or a note in small type under a heading. */
  public enum Emphasis { PLAIN, STRONG, NOTE }

  /** A paragraph of plain text. */
  public record Paragraph(String text, Emphasis emphasis) implements Block {
    public static Paragraph plain(String text) {
      return new Paragraph(text, Emphasis.PLAIN);
    }

    public static Paragraph strong(String text) {
      return new Paragraph(text, Emphasis.STRONG);
    }

    public static Paragraph note(String text) {
      return new Paragraph(text, Emphasis.NOTE);
    }
  }

  /** A table of text cells; caption is null when a heading or paragraph above says what it holds. */
  public record Table(String caption, List<String> header, List<List<String>> rows) implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> r : rows)
        if (r.size() != header.size()) throw new IllegalArgumentException("a row of " + r.size() + " cells under " + header.size() + " columns: " + r);
    }
  }

  /**
   * A chart: an svg element drawn with {@link Svg}'s pieces, its CSS class and a caption. Only the
   * HTML page shows it; the Markdown report points to it by its caption.
   */
  public record Chart(String cssClass, String svg, String caption) implements Block {}

  /** Criteria with their verdicts: a table of id, criterion, verdict and what was measured. */
  public record Verdicts(String caption, List<Check> checks) implements Block {
    public Verdicts {
      checks = List.copyOf(checks);
    }

    static final List<String> HEADER = List.of("#", "criterion", "verdict", "measured");
  }

  /** One criterion judged: its id, its words, the verdict and the figures that decided it. */
  public record Check(String id, String criterion, Verdict verdict, String measured) {}
}
