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
 * every length, context-free rules not shown unambiguous (and ambiguity found at small lengths),
 * rules over different alphabets, a language whose
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

    int max = lang.maxWordLength();
    Rule language = lang.language();
    RuleEngine engine = language.engine();
    int counted = -1;
    boolean empty = true;
    try {
      for (int n = 0; n <= Math.min(max, 64); n++) {
        empty &= engine.count(n).signum() == 0;
        counted = n;
      }
    } catch (StateLimitException e) {
      out.add(Diagnostic.warning(manifest, 0, 0, "could not decide: the language's words were counted exactly only up to length " + counted
          + " (" + engine.method() + "); " + (engine instanceof ProductEngine
              ? "longer lengths are sampled by rejection and their prompts classified by bounded search"
              : "longer lengths get no count ('?') and no uniform sample")));
    }
    if (empty && counted == Math.min(max, 64)) out.add(Diagnostic.error(manifest, 0, 0, "the language has no word of any length up to " + counted + ": its rules exclude each other"));
    else if (empty) out.add(Diagnostic.warning(manifest, 0, 0, "could not decide whether the language has words: none up to length " + counted + ", longer lengths not counted"));

    Boolean declared = lang.spec().emptyWordIsMember();
    boolean actual = language.accepts(new int[0]);
    if (declared != null && declared != actual)
      out.add(Diagnostic.error(manifest, 0, 0, "\"emptyWordIsMember\" is " + declared + " but the language " + (actual ? "accepts" : "rejects") + " the empty word"));

    for (GrammarRule g : lang.grammarRules().values()) {
      Unambiguity.Verdict verdict = g.unambiguity();
      if (verdict.proven()) continue;
      boolean regular = RegularRuleCompiler.compile(g, lang.vocabulary().symbolIds()).isPresent();
      String consequence = regular
          ? "it has no recursion, so its words are counted by its automaton and the ambiguity changes no count"
          : "its words are counted and sampled one by one through its parse states instead of by derivations, exact within "
              + ContextFreeEngine.DEFAULT_WORD_STATE_LIMIT + " states ('?' in grammar count beyond)";
      int[] at = g.position();
      PathCounts paths = new PathCounts(g);
      Conjunction words = new Conjunction(List.of(g), lang.vocabulary(), 200_000);
      try {
        boolean found = false;
        for (int n = 0; n <= SMALL_LENGTH && !found; n++) {
          BigInteger p = paths.count(n);
          BigInteger w = words.count(n);
          if (!p.equals(w)) {
            found = true;
            out.add(Diagnostic.warning(g.fileName(), at[0], at[1], "rule " + g.name() + " is ambiguous: at length " + n + " it has " + p + " derivation paths for " + w
                + " distinct words; " + consequence));
          }
        }
        if (!found && !regular)
          out.add(Diagnostic.warning(g.fileName(), at[0], at[1], "could not show that rule " + g.name() + " is unambiguous (" + verdict.reason()
              + "); no word up to length " + SMALL_LENGTH + " has two derivations, but a longer one may, so " + consequence));
      } catch (StateLimitException e) {
        if (!regular)
          out.add(Diagnostic.warning(g.fileName(), at[0], at[1], "could not decide whether rule " + g.name() + " is ambiguous (" + verdict.reason() + "); " + consequence));
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

    // Every member up to a small length, enumerated through the language's engine (viable
    // prefixes only), must satisfy every rule by ANTLR's parsers.
    int small = Math.min(SMALL_LENGTH, max);
    MemberWalk walk = new MemberWalk(language.engine(), lang.vocabulary().symbolIds(), small, 300_000);
    walk.visit(new int[0]);
    for (Rule r : lang.rules()) {
      int shortest = -1;
      for (int[] w : walk.members) if (!r.accepts(w) && (shortest < 0 || w.length < shortest)) shortest = w.length;
      if (shortest >= 0)
        out.add(Diagnostic.error(manifest, 0, 0, "the language has words of length " + shortest + " that break its rule " + r.id() + " (" + r.description() + "): the language must be a subset of every rule"));
    }
    if (walk.outOfNodes)
      out.add(Diagnostic.warning(manifest, 0, 0, "could not decide whether every member up to length " + small + " satisfies every rule: the walk stopped after "
          + walk.nodes + " prefixes (" + walk.members.size() + " members checked)"));
    return out;
  }

  /** Depth-first walk over the viable prefixes up to a length, collecting the members, within a node budget. */
  private static final class MemberWalk {
    private final RuleEngine engine;
    private final int[] symbols;
    private final int bound;
    private final int maxNodes;
    final List<int[]> members = new ArrayList<>();
    int nodes;
    boolean outOfNodes;

    MemberWalk(RuleEngine engine, int[] symbols, int bound, int maxNodes) {
      this.engine = engine;
      this.symbols = symbols;
      this.bound = bound;
      this.maxNodes = maxNodes;
    }

    void visit(int[] prefix) {
      if (outOfNodes) return;
      if (++nodes > maxNodes) {
        outOfNodes = true;
        return;
      }
      int[] next = engine.nextIds(prefix, bound - prefix.length);
      for (int id : next) {
        if (id == Vocabulary.EOS) {
          members.add(prefix);
          continue;
        }
        int[] longer = java.util.Arrays.copyOf(prefix, prefix.length + 1);
        longer[prefix.length] = id;
        visit(longer);
      }
    }
  }
}
