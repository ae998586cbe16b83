package org.rulex.grammar;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A rule whose parts are all regular: one minimal automaton answers everything exactly, in linear time. */
public final class RegularEngine implements RuleEngine {
  private final Dfa dfa;
  private final boolean unbounded;
  private final List<BigInteger[]> ways = new ArrayList<>(); // ways.get(n)[q]: accepted words of length n from q

  RegularEngine(Dfa dfa, boolean unbounded) {
    this.dfa = dfa;
    this.unbounded = unbounded;
  }

  public Dfa dfa() {
    return dfa;
  }

  @Override
  public String method() {
    return "regular: minimal automaton of " + dfa.size() + " states (exact at every length)";
  }

  @Override
  public boolean accepts(int[] word) {
    return dfa.accepts(word);
  }

  @Override
  public boolean viable(int[] prefix, int budget) {
    int q = dfa.run(prefix);
    return q != Dfa.DEAD && (unbounded || dfa.distance()[q] <= budget);
  }

  @Override
  public int[] nextIds(int[] prefix, int budget) {
    int q = dfa.run(prefix);
    if (q == Dfa.DEAD) return new int[0];
    List<Integer> out = new ArrayList<>();
    if (dfa.accepting()[q]) out.add(Vocabulary.EOS);
    if (budget >= 1)
      for (int id : dfa.symbols()) {
        int t = dfa.step(q, id);
        if (t != Dfa.DEAD && (unbounded || dfa.distance()[t] <= budget - 1)) out.add(id);
      }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @Override
  public int[] witness(int[] prefix, int budget) {
    int q = dfa.run(prefix);
    if (q == Dfa.DEAD || dfa.distance()[q] > budget) return null;
    int[] out = Arrays.copyOf(prefix, prefix.length + dfa.distance()[q]);
    for (int i = prefix.length; i < out.length; i++)
      for (int id : dfa.symbols()) {
        int t = dfa.step(q, id);
        if (t != Dfa.DEAD && dfa.distance()[t] == dfa.distance()[q] - 1) {
          out[i] = id;
          q = t;
          break;
        }
      }
    return out;
  }

  private BigInteger[] from(int n) {
    while (ways.size() <= n) {
      int len = ways.size();
      BigInteger[] row = new BigInteger[dfa.size()];
      for (int q = 0; q < row.length; q++) {
        BigInteger c = BigInteger.ZERO;
        if (len == 0) {
          c = dfa.accepting()[q] ? BigInteger.ONE : BigInteger.ZERO;
        } else {
          for (int id : dfa.symbols()) {
            int t = dfa.step(q, id);
            if (t != Dfa.DEAD) c = c.add(ways.get(len - 1)[t]);
          }
        }
        row[q] = c;
      }
      ways.add(row);
    }
    return ways.get(n);
  }

  @Override
  public BigInteger count(int n) {
    return dfa.start() == Dfa.DEAD ? BigInteger.ZERO : from(n)[dfa.start()];
  }


  @Override
  public int[] sample(int n, SplittableRandom random) {
    BigInteger total = count(n);
    if (total.signum() == 0) throw new IllegalArgumentException("no word of length " + n);
    int[] out = new int[n];
    int q = dfa.start();
    for (int pos = 0; pos < n; pos++) {
      BigInteger pick = PathCounts.uniformBelow(from(n - pos)[q], random);
      for (int id : dfa.symbols()) {
        int t = dfa.step(q, id);
        if (t == Dfa.DEAD) continue;
        BigInteger c = from(n - pos - 1)[t];
        if (pick.compareTo(c) < 0) {
          out[pos] = id;
          q = t;
          break;
        }
        pick = pick.subtract(c);
      }
    }
    return out;
  }
}
