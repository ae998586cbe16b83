package org.rulex.cli;

import java.util.List;
import java.util.function.BiFunction;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;

/** The grammar-side speed benchmarks' loop: one printed row per language and size, header first. */
final class LanguageSweep {
  private LanguageSweep() {}

  static void print(String header, List<String> languages, List<Integer> sizes, BiFunction<Language, Integer, String> row) {
    Languages langs = Languages.standard();
    System.out.println(header);
    for (String name : languages) {
      Language lang = langs.get(name);
      for (int size : sizes) System.out.println(row.apply(lang, size));
    }
  }
}
