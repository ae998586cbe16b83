package org.rulex.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Makes every --help read as written. Commands write their descriptions as source lines of any
 * length; picocli prints each array element as its own line and wraps it at the help width, which
 * made ragged text, and lists a command by its first line only, cut mid-sentence. Here lines are
 * joined into paragraphs (a blank line separates them; a line starting with two spaces stays as
 * it is, for commands and examples) and each command is listed by its first sentence.
 */
final class HelpText {
  private HelpText() {}

  /** Applies to a command and all its subcommands. */
  static void reflow(CommandLine cl) {
    UsageMessageSpec u = cl.getCommandSpec().usageMessage();
    List<String> paragraphs = paragraphs(u.description());
    u.description(paragraphs.toArray(String[]::new));
    if (u.header().length == 0 && !paragraphs.isEmpty() && !paragraphs.get(0).isBlank()) {
      // The header is what a parent's command list shows; it is not printed again above the usage.
      u.header(firstSentence(paragraphs.get(0)));
      List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
      keys.remove(UsageMessageSpec.SECTION_KEY_HEADER_HEADING);
      keys.remove(UsageMessageSpec.SECTION_KEY_HEADER);
      cl.setHelpSectionKeys(keys);
    }
    for (CommandLine sub : cl.getSubcommands().values()) reflow(sub);
  }

  static List<String> paragraphs(String[] lines) {
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : lines) {
      boolean verbatim = line.startsWith("  ");
      if (line.isBlank() || verbatim) {
        if (current != null) out.add(current.toString());
        current = null;
        out.add(line);
      } else if (current == null) {
        current = new StringBuilder(line.strip());
      } else {
        current.append(' ').append(line.strip());
      }
    }
    if (current != null) out.add(current.toString());
    return out;
  }

  /** Up to the first '.' or ':' that ends a clause outside parentheses. */
  static String firstSentence(String paragraph) {
    int depth = 0;
    for (int i = 0; i < paragraph.length(); i++) {
      char c = paragraph.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth = Math.max(0, depth - 1);
      else if ((c == '.' || c == ':') && depth == 0 && (i + 1 == paragraph.length() || paragraph.charAt(i + 1) == ' '))
        return paragraph.substring(0, i) + (c == '.' ? "." : "");
    }
    return paragraph;
  }
}
