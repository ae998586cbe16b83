package org.rulex.decode;

import java.util.ArrayList;
import java.util.List;
import org.rulex.json.FieldError;
import org.rulex.score.Decoding;

/**
 * How the prompt sets are decoded, from a preset's {@code "decoding"} section, `rulex eval`'s
 * flags or a baseline's settings, to the decoder: greedy (one completion a prompt, the published
 * convention) and/or {@code samples} sampled completions a prompt at {@code temperature}, on at
 * most {@code maxSampledPrompts} prompts a set (a seeded subset; 0 = all). The one record for it,
 * checked here and nowhere else; the budget comes from the language (see
 * {@link #budgetToReach(int)}) and the seed from the cell, so neither is part of it.
 */
public record DecodingSettings(boolean greedy, int samples, double temperature, int maxSampledPrompts) {
  /** The most sampled completions a prompt rulex allows (memory grows with it). */
  public static final int MAX_SAMPLES = 1024;

  public DecodingSettings {
    if (!greedy && samples <= 0) throw new FieldError("greedy", "decoding asks for neither greedy nor sampled completions");
    if (samples < 0) throw new FieldError("samples", "decoding.samples must be at least 0, not " + samples);
    if (samples > MAX_SAMPLES)
      throw new FieldError("samples", "decoding.samples " + samples + " is more than the " + MAX_SAMPLES + " completions a prompt rulex allows");
    if (samples > 0 && !(temperature > 0 && Double.isFinite(temperature)))
      throw new FieldError("temperature", "decoding.temperature must be above 0 when sampling, and finite, not " + temperature);
    if (maxSampledPrompts < 0) throw new FieldError("maxSampledPrompts", "decoding.maxSampledPrompts must be at least 0 (0: all prompts), not " + maxSampledPrompts);
  }

  /** Greedy completions only. */
  public static DecodingSettings greedyOnly() {
    return new DecodingSettings(true, 0, 1.0, 0);
  }

  /** Whether sampled completions are asked for. */
  public boolean sampled() {
    return samples > 0;
  }

  /** The decodings run, greedy first, each with the same budget. */
  public List<Decoding> decodings(int budget) {
    List<Decoding> out = new ArrayList<>();
    if (greedy) out.add(Decoding.greedy(budget));
    if (sampled()) out.add(Decoding.sampled(samples, temperature, budget));
    return out;
  }

  /** The labels of the decodings run ("greedy", "sampled"), as a cell result lists them. */
  public List<String> modes() {
    List<String> out = new ArrayList<>();
    if (greedy) out.add(Decoding.GREEDY);
    if (sampled()) out.add(Decoding.SAMPLED);
    return out;
  }

  /** The budget that lets a completion reach the longest member from any prompt, and end. */
  public static java.util.function.IntUnaryOperator budgetToReach(int longestWord) {
    return promptLength -> Math.max(1, longestWord - promptLength + 1);
  }
}
