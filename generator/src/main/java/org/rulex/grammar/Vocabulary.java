package org.rulex.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Token ids shared by the grammar engine, the data files and the models: PAD, SOS and EOS are
 * reserved ids 0, 1 and 2; the alphabet (the lexer grammar's tokens, in definition order)
 * follows from id 3.
 */
public record Vocabulary(List<String> symbols) {
  public static final int PAD = 0;
  public static final int SOS = 1;
  public static final int EOS = 2;
  public static final int FIRST_SYMBOL = 3;
  public static final List<String> SPECIALS = List.of("<pad>", "<sos>", "<eos>");

  public Vocabulary {
    symbols = List.copyOf(symbols);
    if (symbols.isEmpty()) throw new IllegalArgumentException("the alphabet is empty");
    if (symbols.stream().distinct().count() != symbols.size())
      throw new IllegalArgumentException("the alphabet has repeated symbols: " + symbols);
    for (String s : symbols)
      if (s.isEmpty()) throw new IllegalArgumentException("the alphabet has an empty symbol");
  }

  /** Number of ids, specials included: the models' input and output width. */
  public int size() {
    return FIRST_SYMBOL + symbols.size();
  }

  /** Number of alphabet symbols (specials excluded). */
  public int alphabetSize() {
    return symbols.size();
  }

  public boolean isSymbol(int id) {
    return id >= FIRST_SYMBOL && id < size();
  }

  /** The text of an id: the symbol itself, or &lt;pad&gt;, &lt;sos&gt;, &lt;eos&gt;. */
  public String text(int id) {
    if (id >= 0 && id < FIRST_SYMBOL) return SPECIALS.get(id);
    if (id < size()) return symbols.get(id - FIRST_SYMBOL);
    throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of size " + size());
  }

  /** The id of one alphabet symbol. */
  public int id(String symbol) {
    int i = symbols.indexOf(symbol);
    if (i < 0) throw new IllegalArgumentException("'" + symbol + "' is not a symbol of the alphabet " + symbols);
    return FIRST_SYMBOL + i;
  }

  /**
   * Splits a word written as text into symbol ids by longest match, which is what ANTLR's lexer
   * does for an alphabet of literal tokens.
   *
   * @throws IllegalArgumentException naming the column of the first character no symbol matches
   */
  public int[] encode(String word) {
    List<Integer> ids = new ArrayList<>();
    int pos = 0;
    while (pos < word.length()) {
      int best = -1;
      int bestLen = 0;
      for (int i = 0; i < symbols.size(); i++) {
        String s = symbols.get(i);
        if (s.length() > bestLen && word.startsWith(s, pos)) {
          best = i;
          bestLen = s.length();
        }
      }
      if (best < 0)
        throw new IllegalArgumentException(
            "'" + word + "' column " + (pos + 1) + ": '" + word.charAt(pos) + "' is not in the alphabet " + symbols);
      ids.add(FIRST_SYMBOL + best);
      pos += bestLen;
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Writes alphabet ids back as text; specials are written as &lt;eos&gt; and the like. */
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) sb.append(text(id));
    return sb.toString();
  }

  /** The ids of the alphabet, in order. */
  public int[] symbolIds() {
    int[] ids = new int[symbols.size()];
    Arrays.setAll(ids, i -> FIRST_SYMBOL + i);
    return ids;
  }

  /** A map from every id's text to its id, for vocabulary files. */
  public Map<String, Integer> asMap() {
    Map<String, Integer> m = new HashMap<>();
    for (int id = 0; id < size(); id++) m.put(text(id), id);
    return m;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(" ");
    for (int id = 0; id < size(); id++) j.add(id + "=" + text(id));
    return j.toString();
  }
}
