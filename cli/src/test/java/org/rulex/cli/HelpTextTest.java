package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every --help reads as written: paragraphs wrapped once, commands listed by a whole sentence. */
class HelpTextTest {
  @Test
  void sourceLinesJoinIntoParagraphsAndIndentedLinesStay() {
    assertEquals(List.of("one two", "", "three", "  verbatim --flag", "four five"),
        HelpText.paragraphs(new String[] {"one", "two", "", "three", "  verbatim --flag", "four", "five"}));
  }

  @Test
  void theFirstSentenceEndsAtAClauseOutsideParentheses() {
    assertEquals("Write a dataset to --out", HelpText.firstSentence("Write a dataset to --out: train.jsonl (a line: x). More."));
    assertEquals("Classify words (or, when many: sampled) exactly.", HelpText.firstSentence("Classify words (or, when many: sampled) exactly. Then more."));
    assertEquals("No stop at all", HelpText.firstSentence("No stop at all"));
  }

  /** Every command path, the root included, for asking each its --help. */
  private static List<List<String>> commands(CommandLine cl, List<String> path) {
    List<List<String>> out = new ArrayList<>();
    out.add(path);
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) continue;
      List<String> longer = new ArrayList<>(path);
      longer.add(e.getKey());
      out.addAll(commands(e.getValue(), longer));
    }
    return out;
  }

  @Test
  void noHelpPageHasRaggedLinesOrLinesBeyondEightyColumns() {
    CommandLine root = new CommandLine(new Main());
    List<String> problems = new ArrayList<>();
    for (List<String> path : commands(root, List.of())) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.toString());
      List<String> lines = r.out().lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.length() > 80) problems.add(path + ": longer than 80 columns: " + line);
        // A short prose line followed by more of the same sentence is a wrap picocli did not choose.
        if (i + 1 < lines.size() && !line.isBlank() && !line.startsWith(" ") && line.length() < 50
            && !lines.get(i + 1).isBlank() && Character.isLowerCase(lines.get(i + 1).charAt(0)))
          problems.add(path + ": ragged: '" + line + "' / '" + lines.get(i + 1) + "'");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theCommandListShowsWholeClauses() {
    CliRun r = CliRun.of("--help");
    assertTrue(r.out().contains("  generate   Write a dataset to --out\n"), r.out());
    assertTrue(r.out().contains("  bench      Run the rule-extrapolation benchmark\n"), r.out());
  }
}
