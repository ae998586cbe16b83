package org.rulex.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The command-line reference, docs/cli.md, rendered from the commands themselves so that it
 * cannot drift from them: the picocli tree of {@link Main} is walked depth first (hidden commands
 * and 'help' left out) and each command's --help, exactly as the command line prints it, becomes
 * one section. Regenerate with {@code ./rulex docs cli > docs/cli.md}; CliReferenceTest fails
 * when the file differs.
 */
final class CliReference {
  private CliReference() {}

  /** The command that rewrites docs/cli.md, named in the file and in the test's failure. */
  static final String REGENERATE = "./rulex docs cli > docs/cli.md";

  /** The help width every page is rendered at, whatever the terminal or picocli's system properties. */
  static final int WIDTH = 80;

  /** docs/cli.md, whole. */
  static String markdown() {
    CommandLine root = new CommandLine(new Main());
    HelpText.reflow(root);
    root.setUsageHelpWidth(WIDTH);
    root.setUsageHelpAutoWidth(false);
    List<CommandLine> commands = new ArrayList<>();
    walk(root, commands);

    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from the commands by `").append(REGENERATE).append("`; do not edit by hand.\n")
        .append("     CliReferenceTest fails when this file and the commands differ. -->\n");
    md.append("# Command-line reference\n\n");
    md.append("Every command's `--help`, as `./rulex <command> --help` prints it. This page is generated\n")
        .append("from the commands (`").append(REGENERATE).append("`), so it says what the\n")
        .append("installed commands do; the other pages in docs/ say why.\n\n");
    for (CommandLine c : commands)
      md.append(indent(c)).append("- [").append(name(c)).append("](#").append(anchor(name(c))).append(")\n");
    for (CommandLine c : commands) {
      md.append("\n## ").append(name(c)).append("\n\n```text\n");
      String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
      for (String line : usage.split("\n", -1)) md.append(line.stripTrailing()).append('\n');
      md.append("```\n");
    }
    return md.toString();
  }

  private static void walk(CommandLine cl, List<CommandLine> out) {
    out.add(cl);
    for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      CommandLine sub = e.getValue();
      // Aliases map to the same command: list it once, under its own name.
      if (!e.getKey().equals(sub.getCommandName())) continue;
      if (sub.getCommandSpec().usageMessage().hidden() || sub.getCommand() instanceof CommandLine.HelpCommand) continue;
      walk(sub, out);
    }
  }

  private static String name(CommandLine c) {
    return c.getCommandSpec().qualifiedName();
  }

  private static String indent(CommandLine c) {
    return "  ".repeat(name(c).split(" ").length - 1);
  }

  /** GitHub's heading anchors: lower case, spaces to '-', other punctuation dropped. */
  static String anchor(String heading) {
    return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
