package org.rulex.grammar.oracle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A language written a second time, by hand, as plain Java predicates over the word as text:
 * one per rule (R1, R2, ...) and one for the language itself (id "L"), straight from the
 * definitions in REFERENCE.md and the language's language.json. Every symbol of these alphabets
 * is one character, so a word is a String.
 */
public record LanguageOracle(String name, String alphabet, Map<String, Predicate<String>> rules) {
  public static final String LANGUAGE = "L";

  public LanguageOracle {
    rules = new LinkedHashMap<>(rules);
    if (!rules.containsKey(LANGUAGE)) throw new IllegalArgumentException(name + ": no oracle for the language itself");
  }

  /** The oracle of rule R1, R2, ... or of the language ("L"). */
  public Predicate<String> rule(String id) {
    Predicate<String> p = rules.get(id);
    if (p == null) throw new IllegalArgumentException(name + " has no oracle for rule " + id);
    return p;
  }

  public boolean accepts(String ruleId, String word) {
    return rule(ruleId).test(word);
  }

  /** The rule ids, the language ("L") last. */
  public List<String> ruleIds() {
    return List.copyOf(rules.keySet());
  }

  /** The alphabet as a list of one-character symbols, in token order. */
  public List<String> symbols() {
    return alphabet.chars().mapToObj(c -> String.valueOf((char) c)).toList();
  }
}
