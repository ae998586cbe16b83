package org.rulex.suite.hijack;

import org.rulex.suite.Draws;

/**
 * The generator of Bietti et al.'s (2023) in-context bigram task: per sequence K trigger tokens
 * drawn without replacement from the stationary distribution, each with an output drawn uniformly
 * from the V tokens; whenever a trigger occurs its output follows, otherwise the global bigram.
 * The first token is drawn from the stationary distribution.
 */
public record TriggeredBigram(GlobalBigram bigram, int triggers, int length) {

  public TriggeredBigram {
    if (triggers < 1 || triggers >= bigram.size())
      throw new IllegalArgumentException("triggers must be in 1.." + (bigram.size() - 1) + ", not " + triggers);
    if (length < 2) throw new IllegalArgumentException("length must be at least 2, not " + length);
  }

  public TriggeredSequence draw(Draws draws) {
    int v = bigram.size();
    double[] weights = bigram.stationary();
    int[] trig = new int[triggers];
    int[] out = new int[triggers];
    for (int i = 0; i < triggers; i++) {
      trig[i] = draws.categorical(weights);
      weights[trig[i]] = 0; // without replacement
      out[i] = draws.nextInt(v);
    }
    TriggeredSequence s = new TriggeredSequence(new int[length], trig, out);
    int[] x = s.tokens();
    x[0] = draws.categorical(bigram.stationary());
    for (int t = 1; t < length; t++) {
      int forced = s.outputOf(x[t - 1]);
      x[t] = forced >= 0 ? forced : draws.categorical(bigram.row(x[t - 1]));
    }
    return s;
  }
}
