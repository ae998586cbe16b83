package org.rulex.grammar;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.rulex.grammar.oracle.LanguageOracle;
import org.rulex.grammar.oracle.Oracles;

/**
 * The oracle a test uses for a language: the hand-written one when grammars/README.md's last
 * step has been done, else one built from the engine's own interpreter (Rule.accepts). With the
 * second, brute force still checks that the exact automaton, the counts, viability and next
 * tokens all agree with the interpreter: a new language is tested from the day it is added,
 * and the hand-written oracle then adds the check against the prose definition.
 */
final class EngineOracle {
  private EngineOracle() {}

  static LanguageOracle forLanguage(String name) {
    LanguageOracle written = Oracles.all().get(name);
    return written != null ? written : fromInterpreter(Engines.language(name));
  }

  static boolean isHandWritten(String name) {
    return Oracles.all().containsKey(name);
  }

  /** Words are strings of one-character symbols, as in every oracle; longer symbols need a written oracle. */
  static LanguageOracle fromInterpreter(Language lang) {
    StringBuilder alphabet = new StringBuilder();
    for (String s : lang.vocabulary().symbols()) {
      if (s.length() != 1)
        throw new IllegalStateException(lang.name() + " has the multi-character symbol '" + s
            + "': add a hand-written oracle for it to Oracles (see grammars/README.md)");
      alphabet.append(s);
    }
    Map<String, Predicate<String>> rules = new LinkedHashMap<>();
    for (Rule r : lang.rules()) rules.put(r.id(), w -> accepts(lang, r, w));
    rules.put(LanguageOracle.LANGUAGE, w -> accepts(lang, lang.language(), w));
    return new LanguageOracle(lang.name(), alphabet.toString(), rules);
  }

  private static boolean accepts(Language lang, Rule rule, String word) {
    for (char c : word.toCharArray()) if (!lang.vocabulary().symbols().contains(String.valueOf(c))) return false;
    return rule.accepts(lang.vocabulary().encode(word));
  }
}
