package org.rulex.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.rulex.UserError;
import org.rulex.grammar.LanguageSpec.LengthSpec;

/**
 * The distribution training lengths are drawn from: uniform over the lengths in [min, max]
 * that have members, or a table of weights. Lengths are in increasing order.
 */
public record LengthDistribution(int[] lengths, double[] weights) {
  public LengthDistribution {
    lengths = lengths.clone();
    weights = weights.clone();
    if (lengths.length == 0 || lengths.length != weights.length) throw new IllegalArgumentException("no lengths");
  }

  /**
   * The distribution a language.json asks for, optionally cut to [min, max] (null: the spec's own
   * bounds; a table is filtered to the range).
   *
   * @param hasMembers whether a length has (or may have) members; uniform skips the others, a table naming one is an error
   */
  public static LengthDistribution of(LengthSpec spec, Integer min, Integer max, IntPredicate hasMembers) {
    TreeMap<Integer, Double> w = new TreeMap<>();
    if ("table".equals(spec.kind())) {
      for (Map.Entry<String, Double> e : spec.weights().entrySet()) {
        int n = Integer.parseInt(e.getKey().trim());
        if ((min != null && n < min) || (max != null && n > max) || e.getValue() <= 0) continue;
        if (!hasMembers.test(n)) throw new UserError("the length table gives weight " + e.getValue() + " to length " + n + ", but the language has no word of that length");
        w.put(n, e.getValue());
      }
    } else {
      int lo = min != null ? min : spec.min();
      int hi = max != null ? max : spec.max();
      if (lo < 0 || hi < lo) throw new UserError("length range [" + lo + ", " + hi + "] is empty");
      for (int n = lo; n <= hi; n++) if (hasMembers.test(n)) w.put(n, 1.0);
    }
    if (w.isEmpty())
      throw new UserError("the language has no word of any length in [" + (min != null ? min : "spec min") + ", " + (max != null ? max : "spec max") + "]");
    return new LengthDistribution(w.keySet().stream().mapToInt(Integer::intValue).toArray(), w.values().stream().mapToDouble(Double::doubleValue).toArray());
  }

  public int min() {
    return lengths[0];
  }

  public int max() {
    return lengths[lengths.length - 1];
  }

  /** The probability of length n. */
  public double probability(int n) {
    int i = Arrays.binarySearch(lengths, n);
    return i < 0 ? 0 : weights[i] / Arrays.stream(weights).sum();
  }

  /** A length drawn from the distribution. */
  public int sample(SplittableRandom random) {
    double total = 0;
    for (double x : weights) total += x;
    double u = random.nextDouble() * total;
    for (int i = 0; i < lengths.length; i++) {
      u -= weights[i];
      if (u < 0) return lengths[i];
    }
    return lengths[lengths.length - 1];
  }

  /** The same distribution restricted to some of its lengths (which must be among its own). */
  public LengthDistribution restrictedTo(List<Integer> keep) {
    List<Integer> ls = new ArrayList<>();
    List<Double> ws = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++)
      if (keep.contains(lengths[i])) {
        ls.add(lengths[i]);
        ws.add(weights[i]);
      }
    return new LengthDistribution(ls.stream().mapToInt(Integer::intValue).toArray(), ws.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Override
  public String toString() {
    return lengths.length + " lengths in [" + min() + ", " + max() + "]";
  }
}
