package org.rulex.cli;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the languages under grammars/, one line each. */
@Command(
    name = "languages",
    mixinStandardHelpOptions = true,
    description = {
      "List the languages in grammars/: name, aliases, Chomsky class and rules, one line each.",
      "A language is a directory with a language.json and ANTLR grammars; see grammars/README.md."
    })
final class LanguagesCommand implements Callable<Integer> {
  @Option(names = "--grammars", paramLabel = "DIR", description = "Directory of languages (default: grammars/ of the rulex checkout).")
  java.nio.file.Path grammars;

  @Override
  public Integer call() {
    Languages langs = grammars == null ? Languages.standard() : new Languages(grammars);
    System.out.printf("%-10s %-14s %-18s %s%n", "name", "aliases", "class", "rules");
    int broken = 0;
    // Every language that reads is listed; each one that does not is named with its first error, and the exit is 2.
    for (java.nio.file.Path dir : langs.directories()) {
      Language l;
      try {
        l = langs.get(dir.toString());
      } catch (org.rulex.UserError e) {
        broken++;
        System.err.println("rulex languages: " + dir + ": " + e.getMessage().lines().findFirst().orElse(""));
        continue;
      }
      String rules = l.rules().stream().map(r -> r.id() + " " + r.description()).collect(Collectors.joining("; "));
      System.out.printf("%-10s %-14s %-18s %s%n", l.name(), String.join(",", l.aliases()), l.chomskyClass(), rules);
    }
    if (broken > 0) {
      System.err.println("rulex languages: " + broken + " language(s) under " + langs.root() + " have errors");
      return Main.USER_ERROR;
    }
    return 0;
  }
}
