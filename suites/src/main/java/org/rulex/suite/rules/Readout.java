package org.rulex.suite.rules;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import org.rulex.model.LanguageModel;
import org.rulex.train.Batch;

/** Between episodes and a model: a training batch of episodes, and the model's answer at each query. */
final class Readout {
  private static final int CHUNK = 512;

  private Readout() {}

  /** Episodes of one length as a batch whose loss falls on their targets only. */
  static Batch batch(List<Episode> episodes) {
    int t = episodes.get(0).length(), b = episodes.size(), real = 0;
    long[] inputs = new long[b * t];
    long[] targets = new long[b * t];
    for (int row = 0; row < b; row++) {
      Episode e = episodes.get(row);
      if (e.length() != t) throw new IllegalArgumentException("episodes of lengths " + t + " and " + e.length() + " in one batch");
      System.arraycopy(e.inputs(), 0, inputs, row * t, t);
      System.arraycopy(e.targets(), 0, targets, row * t, t);
      real += e.targetCount();
    }
    return new Batch(inputs, targets, b, t, real);
  }

  /**
   * The model's distribution over the labels at each episode's query (its last position): a softmax
   * over the label logits only, so that the figures are about which label, not about how much mass
   * strays to other tokens. [episode][label]
   */
  static double[][] labels(LanguageModel model, NDManager manager, Tokens tokens, List<Episode> episodes) {
    double[][] out = new double[episodes.size()][];
    for (int from = 0; from < episodes.size(); from += CHUNK) {
      List<Episode> chunk = episodes.subList(from, Math.min(episodes.size(), from + CHUNK));
      Batch batch = batch(chunk);
      int v = model.vocabularySize();
      try (NDManager m = manager.newSubManager()) {
        float[] last = model.logits(batch.inputs(m), false).get(new NDIndex(":, {}, :", batch.length() - 1)).toFloatArray(); // [B, V]
        for (int row = 0; row < chunk.size(); row++) out[from + row] = softmax(last, row * v, tokens);
      }
    }
    return out;
  }

  private static double[] softmax(float[] logits, int at, Tokens tokens) {
    double[] p = new double[tokens.labels()];
    double max = Double.NEGATIVE_INFINITY, sum = 0;
    for (int l = 0; l < p.length; l++) max = Math.max(max, logits[at + tokens.label(l)]);
    for (int l = 0; l < p.length; l++) sum += p[l] = Math.exp(logits[at + tokens.label(l)] - max);
    for (int l = 0; l < p.length; l++) p[l] /= sum;
    return p;
  }
}
