package org.rulex.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rulex.grammar.Conjunction;
import org.rulex.grammar.Language;
import org.rulex.grammar.PathCounts;
import org.rulex.grammar.Rule;

/**
 * Measures language membership checks/s and exact viable-prefix checks/s on the calling
 * thread, over a fixed pool of words of one length: half members, half uniform random words.
 */
public final class GrammarBenchmark {
  /** Throughput of one language at one word length. */
  public record Figures(double membershipPerSecond, double viablePrefixPerSecond, int members) {}

  private GrammarBenchmark() {}

  public static Figures run(Language lang, int length, double seconds, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Rule language = lang.language();
    List<int[]> pool = new ArrayList<>();
    int[] symbols = lang.vocabulary().symbolIds();
    boolean hasMembers = language.isSingleGrammarRule()
        ? new PathCounts(language.parts().get(0)).count(length).signum() > 0
        : language.automaton().count(length).signum() > 0;
    PathCounts paths = language.isSingleGrammarRule() ? new PathCounts(language.parts().get(0)) : null;
    Conjunction conj = paths == null ? language.automaton() : null;
    for (int i = 0; i < 512; i++) {
      if (hasMembers && i % 2 == 0) {
        pool.add(paths != null ? paths.sample(length, random) : conj.sample(length, random));
      } else {
        int[] w = new int[length];
        for (int k = 0; k < length; k++) w[k] = symbols[random.nextInt(symbols.length)];
        pool.add(w);
      }
    }
    int members = 0;
    for (int[] w : pool) if (language.accepts(w)) members++;
    double membership = rate(seconds, pool, language::accepts);
    int viabilityBound = Math.max(lang.maxWordLength(), length);
    // A prefix of every word: the first half, as prompts are.
    List<int[]> prefixes = pool.stream().map(w -> java.util.Arrays.copyOf(w, w.length / 2)).toList();
    double viable = rate(seconds, prefixes, w -> language.isViablePrefix(w, viabilityBound));
    return new Figures(membership, viable, members);
  }

  private static double rate(double seconds, List<int[]> pool, java.util.function.Predicate<int[]> check) {
    int[] next = new int[1];
    int[] sink = new int[1];
    double rate = Throughput.measure(seconds, () -> {
      for (int k = 0; k < 64; k++) if (check.test(pool.get(next[0]++ % pool.size()))) sink[0]++;
      return 64;
    }).perSecond();
    if (sink[0] < 0) throw new AssertionError(); // keeps the checks' results alive
    return rate;
  }

}
