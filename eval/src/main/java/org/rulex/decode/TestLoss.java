package org.rulex.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.LanguageModel;
import org.rulex.score.TokenMetrics;

/**
 * Teacher-forced test loss (mean cross-entropy in nats per target token) and next-token
 * accuracy on held-out members: the targets are the word's symbols and its EOS, never PAD.
 */
public final class TestLoss {
  private TestLoss() {}

  public static TokenMetrics evaluate(LanguageModel model, List<int[]> words, int batchSize) {
    double nll = 0;
    long correct = 0;
    long tokens = 0;
    int v = model.vocabularySize();
    for (int from = 0; from < words.size(); from += batchSize) {
      List<int[]> batch = words.subList(from, Math.min(words.size(), from + batchSize));
      int t = batch.stream().mapToInt(w -> w.length + 1).max().orElse(1);
      long[] input = new long[batch.size() * t];
      int[] target = new int[batch.size() * t];
      for (int r = 0; r < batch.size(); r++) {
        int[] w = batch.get(r);
        for (int k = 0; k < t; k++) {
          input[r * t + k] = k == 0 ? Vocabulary.SOS : k - 1 < w.length ? w[k - 1] : Vocabulary.PAD;
          target[r * t + k] = k < w.length ? w[k] : k == w.length ? Vocabulary.EOS : Vocabulary.PAD;
        }
      }
      float[] logits;
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray ids = m.create(input, new Shape(batch.size(), t));
        logits = model.logits(ids, false).toFloatArray();
      }
      for (int i = 0; i < target.length; i++) {
        if (target[i] == Vocabulary.PAD) continue;
        int off = i * v;
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int id = 0; id < v; id++) {
          if (logits[off + id] > max) {
            max = logits[off + id];
            best = id;
          }
        }
        double sum = 0;
        for (int id = 0; id < v; id++) sum += Math.exp(logits[off + id] - max);
        nll += -(logits[off + target[i]] - max - Math.log(sum));
        if (best == target[i]) correct++;
        tokens++;
      }
    }
    return tokens == 0 ? TokenMetrics.none() : new TokenMetrics(nll / tokens, (double) correct / tokens, tokens, words.size());
  }
}
