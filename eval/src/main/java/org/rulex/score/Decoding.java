package org.rulex.score;

/**
 * One decoding, as the decoder runs it and a prompt set's score records it. How a prompt set's completions were produced: "greedy" (one completion a prompt, the
 * published convention) or "sampled" (K completions a prompt at a temperature), and the budget
 * of new tokens, EOS included, that every completion had.
 */
public record Decoding(String mode, int samplesPerPrompt, double temperature, int budget) {
  public static final String GREEDY = "greedy";
  public static final String SAMPLED = "sampled";

  public Decoding {
    if (!GREEDY.equals(mode) && !SAMPLED.equals(mode)) throw new IllegalArgumentException("decoding mode \"" + mode + "\": greedy or sampled");
    if (budget < 1) throw new IllegalArgumentException("the decoding budget must be at least 1 token, not " + budget);
    if (samplesPerPrompt < 1) throw new IllegalArgumentException("at least one completion per prompt, not " + samplesPerPrompt);
    if (GREEDY.equals(mode) && samplesPerPrompt != 1) throw new IllegalArgumentException("greedy decoding gives one completion per prompt");
    if (SAMPLED.equals(mode) && !(temperature > 0 && Double.isFinite(temperature)))
      throw new IllegalArgumentException("sampling needs a finite temperature above 0, not " + temperature);
  }

  public static Decoding greedy(int budget) {
    return new Decoding(GREEDY, 1, 0, budget);
  }

  public static Decoding sampled(int samples, double temperature, int budget) {
    return new Decoding(SAMPLED, samples, temperature, budget);
  }

  public boolean isGreedy() {
    return GREEDY.equals(mode);
  }

  /** e.g. "greedy" or "sampled K=16 T=1". */
  public String label() {
    return isGreedy() ? GREEDY : String.format(java.util.Locale.ROOT, "sampled K=%d T=%s", samplesPerPrompt, fmt(temperature));
  }

  private static String fmt(double t) {
    return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
  }
}
