package org.rulex.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.LanguageModel;

/** Cross-entropy of next-token predictions over real (non-PAD) targets: training and test loss. */
public final class TeacherForcedLoss {
  private TeacherForcedLoss() {}

  /**
   * Summed negative log-likelihood of the targets, PAD targets excluded: logits [B, T, V] and
   * targets int64 [B, T] -> a scalar in the logits' manager.
   */
  public static NDArray sum(NDArray logits, NDArray targets) {
    NDArray logp = logits.logSoftmax(-1); // [B, T, V]
    NDArray picked = logp.gather(targets.expandDims(2), 2); // [B, T, 1]: log p(target)
    NDArray real = targets.neq(Vocabulary.PAD).toType(DataType.FLOAT32, false).expandDims(2); // [B, T, 1]
    return picked.mul(real).sum().neg();
  }

  /**
   * Summed negative log-likelihood of every target, PAD included: logits [B, T, V] and targets
   * int64 [B, T] -> a scalar. What a loss without an ignored index trains on: the model is also
   * taught to predict PAD after a word ends.
   */
  public static NDArray sumOverAll(NDArray logits, NDArray targets) {
    return logits.logSoftmax(-1).gather(targets.expandDims(2), 2).sum().neg();
  }

  /**
   * Mean loss per real target token (EOS included) of words (alphabet ids) under the model, in
   * evaluation mode: what the validation and test losses report.
   */
  public static double mean(LanguageModel model, List<int[]> words, int batchSize, NDManager manager) {
    if (words.isEmpty()) throw new IllegalArgumentException("no words to score");
    double total = 0;
    long tokens = 0;
    for (int from = 0; from < words.size(); from += batchSize) {
      Batch batch = Batch.of(words.subList(from, Math.min(words.size(), from + batchSize)));
      try (NDManager step = manager.newSubManager()) {
        NDArray logits = model.logits(batch.inputs(step), false);
        total += sum(logits, batch.targets(step)).getFloat();
        tokens += batch.realTokens();
      }
    }
    return total / tokens;
  }
}
