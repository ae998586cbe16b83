package org.rulex.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.rulex.grammar.Vocabulary;

/**
 * A padded batch for teacher forcing. Word w (alphabet ids) becomes input SOS w and target w EOS,
 * both padded with PAD to the batch's longest: int64 [size, length], row-major.
 *
 * @param realTokens number of non-PAD targets, the loss's denominator
 */
public record Batch(long[] inputs, long[] targets, int size, int length, int realTokens) {

  /** Builds a batch from words of alphabet ids (no SOS, EOS or PAD in them). */
  public static Batch of(List<int[]> words) {
    if (words.isEmpty()) throw new IllegalArgumentException("empty batch");
    int length = 0;
    for (int[] w : words) length = Math.max(length, w.length + 1);
    int b = words.size();
    long[] inputs = new long[b * length];
    long[] targets = new long[b * length];
    int real = 0;
    for (int row = 0; row < b; row++) {
      int[] w = words.get(row);
      int at = row * length;
      inputs[at] = Vocabulary.SOS;
      for (int i = 0; i < w.length; i++) {
        inputs[at + 1 + i] = w[i];
        targets[at + i] = w[i];
      }
      targets[at + w.length] = Vocabulary.EOS;
      real += w.length + 1;
    }
    return new Batch(inputs, targets, b, length, real);
  }

  public NDArray inputs(NDManager manager) {
    return manager.create(inputs, new Shape(size, length));
  }

  public NDArray targets(NDManager manager) {
    return manager.create(targets, new Shape(size, length));
  }

  /** Number of padded positions, PAD included: what a padded tokens/s figure counts. */
  public int paddedTokens() {
    return size * length;
  }
}
