package org.rulex.sample;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import org.rulex.LogCount;

/**
 * The distribution a model's training words come from, known exactly: lengths from the
 * language's length distribution (cut to the training lengths), each word uniform among the
 * members of its length other than the words held out for validation and test. Because rulex
 * counts members exactly, it knows this distribution's entropy, so a model's loss on fresh
 * draws minus that entropy is its excess loss (a KL divergence per token): how far it is from
 * having learned the language, measured without any held-out length.
 */
public final class TrainingDistribution {
  private final LanguageSampler sampler;
  private final LengthDistribution lengths;
  private final Set<String> excluded = new HashSet<>();
  private final Map<Integer, Integer> excludedPerLength = new HashMap<>();

  /**
   * @param lengths the training lengths' distribution (the sampler's own, or restricted to some lengths)
   * @param excluded words held out (validation and test); only those at training lengths matter
   */
  public TrainingDistribution(LanguageSampler sampler, LengthDistribution lengths, List<int[]> excluded) {
    this.sampler = sampler;
    this.lengths = lengths;
    for (int[] w : excluded)
      if (lengths.probability(w.length) > 0 && this.excluded.add(Arrays.toString(w))) excludedPerLength.merge(w.length, 1, Integer::sum);
    // A training length must keep a member: its probability is the spec's, and nothing could carry it.
    excludedPerLength.forEach((n, k) -> {
      var c = sampler.count(n);
      if (c.isPresent() && c.get().compareTo(BigInteger.valueOf(k)) <= 0)
        throw new IllegalArgumentException("every member of training length " + n + " is held out");
    });
  }

  /**
   * The entropy in nats per predicted token (every symbol and the final EOS), as the mean
   * teacher-forced loss counts it: H(word) / E[length + 1]. Empty when some training length's
   * member count is not known exactly.
   */
  public OptionalDouble entropyPerToken() {
    int[] ls = lengths.lengths();
    double[] p = new double[ls.length];
    double[] logCount = new double[ls.length];
    double total = 0;
    for (int i = 0; i < ls.length; i++) {
      var c = sampler.count(ls[i]);
      if (c.isEmpty()) return OptionalDouble.empty();
      BigInteger kept = c.get().subtract(BigInteger.valueOf(excludedPerLength.getOrDefault(ls[i], 0)));
      if (kept.signum() <= 0) continue;
      // Held-out words are redrawn at the same length: each length keeps its probability P(n),
      // spread uniformly over the kept(n) other members.
      p[i] = lengths.probability(ls[i]);
      logCount[i] = LogCount.of(kept);
      total += p[i];
    }
    double h = 0;
    double tokens = 0;
    for (int i = 0; i < ls.length; i++) {
      if (p[i] == 0) continue;
      double q = p[i] / total;
      h += q * (-Math.log(q) + logCount[i]);
      tokens += q * (ls[i] + 1);
    }
    return OptionalDouble.of(h / tokens);
  }

  /**
   * Fresh words from the distribution, deterministic in the seed: a held-out word is redrawn at
   * the same length, so the lengths keep exactly the spec's probabilities.
   */
  public List<int[]> sample(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> out = new ArrayList<>(count);
    long attempts = 0;
    while (out.size() < count) {
      int n = lengths.sample(random);
      int[] w;
      do {
        if (++attempts > 1000L * count + 10_000)
          throw new IllegalStateException("the training distribution is (nearly) empty at length " + n + ": every draw was a held-out word");
        w = sampler.sample(n, random);
      } while (excluded.contains(Arrays.toString(w)));
      out.add(w);
    }
    return out;
  }
}
