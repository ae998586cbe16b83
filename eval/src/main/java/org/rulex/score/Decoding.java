package org.rulex.score;

/**
 * How a prompt set's completions were produced: "greedy" (one completion a prompt, the
 * published convention) or "sampled" (K completions a prompt at a temperature), and the budget
 * of new tokens, EOS included, that every completion had.
 */
public record Decoding(String mode, int samplesPerPrompt, double temperature, int budget) {
  public static final String GREEDY = "greedy";
  public static final String SAMPLED = "sampled";

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
