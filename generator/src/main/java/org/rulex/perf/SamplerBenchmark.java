package org.rulex.perf;

import java.util.SplittableRandom;
import org.rulex.sample.LanguageSampler;
import org.rulex.grammar.Language;

/**
 * What `rulex perf sample` measures: verified training words per second on one thread, each
 * drawn by {@link LanguageSampler} (length from the language's distribution cut to a maximum,
 * then a uniform member) and re-checked by every rule's compiled engines and the language's.
 */
public final class SamplerBenchmark {
  private SamplerBenchmark() {}

  /**
   * @param samplesPerSecond per wall-clock second; perCpuSecond per second of the thread's CPU time
   * @param methods how the words were drawn (RuleSampler.Method names over the lengths): exact counts unless REJECTION
   */
  public record Figures(double samplesPerSecond, double perCpuSecond, double meanLength, double setupSeconds, long samples, String methods) {}

  public static Figures run(Language language, int maxWordLength, double seconds, long seed) {
    long t0 = System.nanoTime();
    LanguageSampler sampler = new LanguageSampler(language, null, maxWordLength);
    double setup = (System.nanoTime() - t0) / 1e9;
    SplittableRandom random = new SplittableRandom(seed);
    Throughput.Figures f = Throughput.measure(seconds, () -> {
      for (int i = 0; i < 64; i++) sampler.sample(random);
      return 64;
    });
    java.util.TreeSet<String> methods = new java.util.TreeSet<>();
    for (int len : sampler.lengths().lengths()) methods.add(sampler.method(len).name());
    return new Figures(f.perSecond(), f.perCpuSecond(), meanLength(sampler, seed), setup, f.operations(), String.join(",", methods));
  }

  /** Mean length of 10,000 words drawn with the seed: the length distribution the figure is over. */
  private static double meanLength(LanguageSampler sampler, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long tokens = 0;
    for (int i = 0; i < 10_000; i++) tokens += sampler.sample(random).length;
    return tokens / 10_000.0;
  }
}
