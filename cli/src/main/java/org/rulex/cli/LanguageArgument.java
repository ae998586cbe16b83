package org.rulex.cli;

import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import picocli.CommandLine.Parameters;

/** The first argument of every command that works on one language: a name, an alias or a directory. */
final class LanguageArgument {
  @Parameters(index = "0", paramLabel = "LANGUAGE", description = "Language name, alias (L1..L6) or directory.")
  String name;

  /** @throws org.rulex.UserError for an unknown or broken language */
  Language load() {
    return Languages.standard().get(name);
  }
}
