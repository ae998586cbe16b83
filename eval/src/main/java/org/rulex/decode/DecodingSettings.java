package org.rulex.decode;

import java.util.ArrayList;
import java.util.List;
import org.rulex.json.FieldError;
import org.rulex.score.Decoding;

/**
 * How the prompt sets are decoded, from a preset's {@code "decoding"} section, `rulex eval`'s
 * flags or a baseline's settings, to the decoder: greedy (one completion a prompt, the published
 * convention) and/or {@code samples} sampled completions a prompt at {@code temperature}, on at
 * most {@code maxSampledPrompts} prompts a set (a seeded subset; 0 = all). budget (null:
 * derived): new tokens, EOS included, for every prompt; left out, it follows from the longest
 * word (see {@link #budgetToReach(int)}), so that every prompt can reach the longest member and
 * end. completeOod (null: false): also score the set {@code <ood set>-complement}, every string
 * of the prompt length that is not an ID prompt, as a split by a completability test makes it.
 * The one record for it, checked here and nowhere else; the seed comes from the cell.
 */
public record DecodingSettings(boolean greedy, int samples, double temperature, int maxSampledPrompts, Integer budget, Boolean completeOod) {
  /** The most sampled completions a prompt rulex allows (memory grows with it). */
  public static final int MAX_SAMPLES = 1024;
  /** The most new tokens a fixed budget may give. */
  public static final int MAX_BUDGET = 4096;

  public DecodingSettings {
    if (!greedy && samples <= 0) throw new FieldError("greedy", "decoding asks for neither greedy nor sampled completions");
    if (samples < 0) throw new FieldError("samples", "decoding.samples must be at least 0, not " + samples);
    if (samples > MAX_SAMPLES)
      throw new FieldError("samples", "decoding.samples " + samples + " is more than the " + MAX_SAMPLES + " completions a prompt rulex allows");
    if (samples > 0 && !(temperature > 0 && Double.isFinite(temperature)))
      throw new FieldError("temperature", "decoding.temperature must be above 0 when sampling, and finite, not " + temperature);
    if (maxSampledPrompts < 0) throw new FieldError("maxSampledPrompts", "decoding.maxSampledPrompts must be at least 0 (0: all prompts), not " + maxSampledPrompts);
    if (budget != null && (budget < 1 || budget > MAX_BUDGET))
      throw new FieldError("budget", "decoding.budget must be between 1 and " + MAX_BUDGET + " new tokens (or be left out to derive it), not " + budget);
  }

  /** Decoding with the derived budget, on the exactly classified prompt sets only. */
  public DecodingSettings(boolean greedy, int samples, double temperature, int maxSampledPrompts) {
    this(greedy, samples, temperature, maxSampledPrompts, null, null);
  }

  /** Whether the complement of the ID prompts is scored beside each OOD set (see PromptSetRules#complement). */
  public boolean scoresComplement() {
    return Boolean.TRUE.equals(completeOod);
  }

  /** New tokens by prompt length: the fixed budget, or enough to reach a word of {@code longestWord} symbols and end. */
  public java.util.function.IntUnaryOperator budgetFor(int longestWord) {
    if (budget == null) return budgetToReach(longestWord);
    int fixed = budget;
    return promptLength -> fixed;
  }

  /** Greedy completions only. */
  public static DecodingSettings greedyOnly() {
    return new DecodingSettings(true, 0, 1.0, 0);
  }

  /** Whether sampled completions are asked for. */
  public boolean sampled() {
    return samples > 0;
  }

  /** One of {@link #modes()} as the decoder runs it, with a prompt set's budget. */
  public Decoding decoding(String mode, int budget) {
    return Decoding.GREEDY.equals(mode) ? Decoding.greedy(budget) : Decoding.sampled(samples, temperature, budget);
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
