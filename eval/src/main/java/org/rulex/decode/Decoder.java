package org.rulex.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.DecodeState;
import org.rulex.model.LanguageModel;
import org.rulex.score.Completion;

/**
 * Batched completion of prompts with a model's incremental decoding state: greedy (temperature
 * 0) or sampled. Each sequence stops at its own EOS; nothing after EOS is produced or scored;
 * a sequence without EOS within the budget is unfinished. PAD and SOS are never generated.
 */
public final class Decoder {
  /** Decoding settings: new-token budget, temperature (0 = greedy), sampling seed, batch size. */
  public record Settings(int budget, double temperature, long seed, int batchSize) {
    public Settings {
      if (budget < 1) throw new IllegalArgumentException("the decoding budget must be at least 1 token");
      if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0");
      if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1");
    }

    public static Settings greedy(int budget) {
      return new Settings(budget, 0, 0, 256);
    }
  }

  private Decoder() {}

  /**
   * Completes every prompt (alphabet ids, no SOS) and returns the completions in prompt order.
   * Prompts are batched by length, so every row of a batch is fed the same number of tokens.
   */
  public static List<Completion> complete(LanguageModel model, List<int[]> prompts, Settings settings) {
    Completion[] out = new Completion[prompts.size()];
    Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
    for (int i = 0; i < prompts.size(); i++) byLength.computeIfAbsent(prompts.get(i).length, k -> new ArrayList<>()).add(i);
    SplittableRandom random = new SplittableRandom(settings.seed());
    for (List<Integer> group : byLength.values()) {
      for (int from = 0; from < group.size(); from += settings.batchSize()) {
        List<Integer> batch = group.subList(from, Math.min(group.size(), from + settings.batchSize()));
        List<int[]> ps = batch.stream().map(prompts::get).toList();
        List<Completion> done = completeBatch(model, ps, settings, random);
        for (int k = 0; k < batch.size(); k++) out[batch.get(k)] = done.get(k);
      }
    }
    return Arrays.asList(out);
  }

  private static List<Completion> completeBatch(LanguageModel model, List<int[]> prompts, Settings s, SplittableRandom random) {
    int b = prompts.size();
    int promptLength = prompts.get(0).length;
    // SOS + prompt + generated tokens fed back must fit the model (learned positions have a maximum).
    int budget = (int) Math.min(s.budget(), (long) model.maxLength() - promptLength);
    int v = model.vocabularySize();
    int[][] generated = new int[b][budget];
    int[] produced = new int[b];
    boolean[] finished = new boolean[b];
    try (NDManager manager = NDManager.newBaseManager();
        DecodeState state = model.start(manager, b)) {
      long[] feed = new long[b];
      Arrays.fill(feed, Vocabulary.SOS);
      NDArray logits = state.step(manager.create(feed));
      for (int t = 0; t < promptLength; t++) {
        for (int r = 0; r < b; r++) feed[r] = prompts.get(r)[t];
        logits.close();
        logits = state.step(manager.create(feed));
      }
      int open = b;
      for (int g = 0; g < budget; g++) {
        float[] l = logits.toFloatArray();
        logits.close();
        logits = null;
        for (int r = 0; r < b; r++) {
          if (finished[r]) {
            feed[r] = Vocabulary.EOS; // fed but never read: this row is over
            continue;
          }
          int next = s.temperature() == 0 ? argmax(l, r * v, v) : sample(l, r * v, v, s.temperature(), random);
          feed[r] = next;
          if (next == Vocabulary.EOS) {
            finished[r] = true;
            open--;
          } else {
            generated[r][produced[r]++] = next;
          }
        }
        if (open == 0 || g + 1 == budget) break;
        logits = state.step(manager.create(feed));
      }
      if (logits != null) logits.close();
    }
    List<Completion> out = new ArrayList<>(b);
    for (int r = 0; r < b; r++) out.add(new Completion(prompts.get(r), Arrays.copyOf(generated[r], produced[r]), finished[r]));
    return out;
  }

  /** The most likely id that may be generated (never PAD or SOS); ties go to the lower id. */
  static int argmax(float[] logits, int offset, int v) {
    int best = Vocabulary.EOS;
    for (int id = Vocabulary.EOS + 1; id < v; id++) if (logits[offset + id] > logits[offset + best]) best = id;
    return best;
  }

  /** Samples from softmax(logits / temperature) over EOS and the alphabet. */
  static int sample(float[] logits, int offset, int v, double temperature, SplittableRandom random) {
    double max = Double.NEGATIVE_INFINITY;
    for (int id = Vocabulary.EOS; id < v; id++) max = Math.max(max, logits[offset + id] / temperature);
    double[] p = new double[v];
    double sum = 0;
    for (int id = Vocabulary.EOS; id < v; id++) {
      p[id] = Math.exp(logits[offset + id] / temperature - max);
      sum += p[id];
    }
    double u = random.nextDouble() * sum;
    for (int id = Vocabulary.EOS; id < v; id++) {
      u -= p[id];
      if (u <= 0) return id;
    }
    return v - 1;
  }
}
