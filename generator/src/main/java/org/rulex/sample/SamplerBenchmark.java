package org.rulex.sample;

import java.util.SplittableRandom;
import org.rulex.grammar.Language;

/**
 * What `rulex perf sample` measures: verified training words per second on one thread, each
 * drawn by {@link LanguageSampler} (length from the language's distribution cut to a maximum,
 * then a uniform member) and re-checked by every rule's compiled engines and the language's.
 */
public final class SamplerBenchmark {
  private SamplerBenchmark() {}

  /** Samples per second, mean sampled length, and the setup time (counts) in seconds. */
  /** @param methods how the words were drawn (RuleSampler.Method names over the lengths): exact counts unless REJECTION */
  public record Figures(double samplesPerSecond, double meanLength, double setupSeconds, long samples, String methods) {}

  public static Figures run(Language language, int maxLength, double seconds, long seed) {
    long t0 = System.nanoTime();
    LanguageSampler sampler = new LanguageSampler(language, null, maxLength);
    double setup = (System.nanoTime() - t0) / 1e9;
    SplittableRandom random = new SplittableRandom(seed);
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) sampler.sample(random);
    long n = 0;
    long tokens = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now;
    do {
      for (int i = 0; i < 64; i++) tokens += sampler.sample(random).length;
      n += 64;
      now = System.nanoTime();
    } while (now < end);
    java.util.TreeSet<String> methods = new java.util.TreeSet<>();
    for (int len : sampler.lengths().lengths()) methods.add(sampler.method(len).name());
    return new Figures(n / ((now - start) / 1e9), tokens / (double) n, setup, n, String.join(",", methods));
  }
}
