package org.rulex.report;

import java.util.List;

/** A table of the bench report with its title and a note saying what its numbers mean. */
record TableSection(String title, String note, List<String> header, List<List<String>> rows) {

  /** The title as a section heading, the note, then the table. */
  List<Document.Block> blocks() {
    return List.of(new Document.Heading(2, title), Document.Paragraph.note(note), new Document.Table(null, header, rows));
  }
}
