package org.rulex.grammar;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything `rulex grammar check` reports about a language directory: the ANTLR tool's errors
 * and warnings, then what only an exact engine sees: unproductive rules, a language empty at
 * every length, ambiguity at small lengths, rules over different alphabets, a language whose
 * words break one of its own rules, and a wrong empty-word declaration.
 */
public final class GrammarCheck {
  /** Lengths up to which ambiguity and rule consistency are checked by exact enumeration. */
  public static final int SMALL_LENGTH = 10;

  private GrammarCheck() {}

  public static List<Diagnostic> run(Path dir) {
    Language lang;
    try {
      lang = Language.load(dir);
    } catch (GrammarException e) {
      return e.diagnostics();
    }
    List<Diagnostic> out = new ArrayList<>(lang.warnings());
    String manifest = dir.resolve(Language.MANIFEST).toString();

    for (GrammarRule g : lang.grammarRules().values()) {
      if (!g.isProductive()) {
        int[] at = g.position();
        out.add(Diagnostic.error(g.fileName(), at[0], at[1], "rule " + g.name() + " derives no word at all (every alternative recurses forever)"));
      }
    }
    if (out.stream().anyMatch(Diagnostic::isError)) return out;

    int max = lang.maxLength();
    Rule language = lang.language();
    BigInteger[] counts = language.counts(Math.min(max, 64));
    boolean empty = true;
    for (BigInteger c : counts) empty &= c.signum() == 0;
    if (empty) out.add(Diagnostic.error(manifest, 0, 0, "the language has no word of any length up to " + Math.min(max, 64) + ": its rules exclude each other"));

    Boolean declared = lang.spec().emptyWordIsMember();
    boolean actual = language.accepts(new int[0]);
    if (declared != null && declared != actual)
      out.add(Diagnostic.error(manifest, 0, 0, "\"emptyWordIsMember\" is " + declared + " but the language " + (actual ? "accepts" : "rejects") + " the empty word"));

    for (GrammarRule g : lang.grammarRules().values()) {
      PathCounts paths = new PathCounts(g);
      Conjunction words = new Conjunction(List.of(g), lang.vocabulary(), 200_000);
      try {
        for (int n = 0; n <= SMALL_LENGTH; n++) {
          BigInteger p = paths.count(n);
          BigInteger w = words.count(n);
          if (!p.equals(w)) {
            int[] at = g.position();
            out.add(Diagnostic.warning(g.fileName(), at[0], at[1], "rule " + g.name() + " is ambiguous: at length " + n + " it has " + p + " derivation paths for " + w + " distinct words (counts and uniform sampling need an unambiguous grammar)"));
            break;
          }
        }
      } catch (StateLimitException e) {
        // Too many distinct parse states to enumerate at these lengths: nothing to report.
      }
    }

    BitSet alphabet = new BitSet();
    for (int id : lang.vocabulary().symbolIds()) alphabet.set(id);
    for (Rule r : lang.rules()) {
      BitSet uses = (BitSet) alphabet.clone();
      for (GrammarRule g : r.parts()) uses.and(g.emittableIds());
      BitSet missing = (BitSet) alphabet.clone();
      missing.andNot(uses);
      if (!missing.isEmpty())
        out.add(Diagnostic.warning(manifest, 0, 0, "rule " + r.id() + " is over a smaller alphabet: it never uses " + missing.stream().mapToObj(lang.vocabulary()::text).collect(Collectors.joining(" ")) + ", so every word containing them breaks it"));
    }

    for (Rule r : lang.rules()) {
      List<GrammarRule> both = new ArrayList<>(language.parts());
      both.addAll(r.parts());
      Conjunction inter = new Conjunction(both, lang.vocabulary(), 200_000);
      Conjunction lonly = language.automaton();
      try {
        for (int n = 0; n <= Math.min(SMALL_LENGTH, max); n++) {
          if (!inter.count(n).equals(lonly.count(n))) {
            out.add(Diagnostic.error(manifest, 0, 0, "the language has words of length " + n + " that break its rule " + r.id() + " (" + r.description() + "): the language must be a subset of every rule"));
            break;
          }
        }
      } catch (StateLimitException e) {
        // Enumeration too large at these lengths: not checked.
      }
    }
    return out;
  }
}
