package org.rulex.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;

/** The languages of grammars/ and one sampler per language at a test-sized maximum length. */
final class Fixtures {
  static final Languages LANGUAGES = Languages.standard();
  private static final Map<String, LanguageSampler> SAMPLERS = new ConcurrentHashMap<>();

  private Fixtures() {}

  static List<String> names() {
    return LANGUAGES.all().stream().map(Language::name).toList();
  }

  static Language language(String name) {
    return LANGUAGES.get(name);
  }

  /**
   * Test lengths: palindrome's R1 makes ANTLR's adaptive prediction grow a huge DFA on long
   * words (seconds per word near length 60), and anbncn's exact counts take a while past 60.
   */
  static int testMaxLength(String name) {
    return switch (name) {
      case "palindrome" -> 21;
      case "anbncn" -> 45;
      default -> 40;
    };
  }

  static synchronized LanguageSampler sampler(String name) {
    return SAMPLERS.computeIfAbsent(name, n -> new LanguageSampler(language(n), null, testMaxLength(n)));
  }
}
