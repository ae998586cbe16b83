package org.rulex.score;

import java.util.Arrays;
import org.rulex.grammar.Vocabulary;

/**
 * One prompt and what a model generated after it. Both hold alphabet ids only (no SOS, PAD or
 * EOS): the completion stops before EOS, and nothing generated after EOS belongs to it.
 * finished says whether EOS was emitted within the decoding budget.
 */
public record Completion(int[] prompt, int[] completion, boolean finished) {
  public Completion {
    prompt = prompt.clone();
    completion = completion.clone();
    for (int id : prompt)
      if (id < Vocabulary.FIRST_SYMBOL) throw new IllegalArgumentException("a prompt holds alphabet ids only (SOS excluded), found id " + id);
    for (int id : completion)
      if (id < Vocabulary.FIRST_SYMBOL) throw new IllegalArgumentException("a completion holds alphabet ids only (EOS excluded), found id " + id);
  }

  /**
   * Cuts raw decoder output at the first EOS: the tokens before it are the completion, and the
   * completion is finished if there was an EOS at all.
   */
  public static Completion fromGenerated(int[] prompt, int[] generated) {
    for (int i = 0; i < generated.length; i++)
      if (generated[i] == Vocabulary.EOS) return new Completion(prompt, Arrays.copyOf(generated, i), true);
    return new Completion(prompt, generated, false);
  }

  /** The prompt followed by the completion: the word the rules are checked on. */
  public int[] word() {
    int[] w = Arrays.copyOf(prompt, prompt.length + completion.length);
    System.arraycopy(completion, 0, w, prompt.length, completion.length);
    return w;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Completion c && finished == c.finished && Arrays.equals(prompt, c.prompt) && Arrays.equals(completion, c.completion);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(prompt) + Arrays.hashCode(completion)) + Boolean.hashCode(finished);
  }

  @Override
  public String toString() {
    return "Completion" + Arrays.toString(prompt) + "+" + Arrays.toString(completion) + (finished ? "" : " (unfinished)");
  }
}
