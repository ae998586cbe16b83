package org.rulex.grammar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Small languages written from Java strings into a temporary directory and loaded the way rulex
 * loads grammars/: one character a symbol, one parser grammar, one rule per list of parser rules
 * (R1, R2, ...), the language their conjunction. And brute force over every word of the
 * alphabet, for oracles written in plain Java.
 */
final class WrittenLanguages {
  private WrittenLanguages() {}

  /** A language over the letters (token names T0, T1, ...), its grammar text after the header, and its rules. */
  static Language write(String letters, String grammar, List<List<String>> rules, int maxLength) {
    try {
      Path dir = Files.createTempDirectory("rulex-written-language");
      try {
        StringBuilder lexer = new StringBuilder("lexer grammar Alphabet;\n");
        for (int i = 0; i < letters.length(); i++) lexer.append("T").append(i).append(" : '").append(letters.charAt(i)).append("' ;\n");
        Files.writeString(dir.resolve("Alphabet.g4"), lexer.toString());
        Files.writeString(dir.resolve("G.g4"), "parser grammar G;\noptions { tokenVocab = Alphabet; }\n" + grammar + "\n");
        List<String> ruleJson = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++)
          ruleJson.add("{\"id\": \"R" + (i + 1) + "\", \"description\": \"written\", \"parserRules\": [" + String.join(", ", rules.get(i).stream().map(r -> "\"" + r + "\"").toList()) + "]}");
        Files.writeString(dir.resolve(Language.MANIFEST), "{\"name\": \"written\", \"lexer\": \"Alphabet.g4\", \"grammars\": [\"G.g4\"], \"rules\": ["
            + String.join(", ", ruleJson) + "], \"lengths\": {\"kind\": \"uniform\", \"min\": 0, \"max\": " + maxLength + "}}");
        return Language.load(dir);
      } finally {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every word over the letters of exactly length n, in letter order. */
  static List<String> words(String letters, int n) {
    List<String> out = new ArrayList<>(List.of(""));
    for (int i = 0; i < n; i++) {
      List<String> longer = new ArrayList<>(out.size() * letters.length());
      for (String w : out) for (char c : letters.toCharArray()) longer.add(w + c);
      out = longer;
    }
    return out;
  }

  /** The number of distinct words of length n the oracle accepts, by brute force. */
  static BigInteger bruteForceCount(String letters, int n, Predicate<String> oracle) {
    return BigInteger.valueOf(words(letters, n).stream().filter(oracle).count());
  }
}
