package org.rulex.decode;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.DecodeState;
import org.rulex.model.LanguageModel;
import org.rulex.score.Completion;
import org.rulex.score.Decoding;

/**
 * Batched completion of prompts with a model's incremental decoding state: greedy (temperature
 * 0) or sampled, K completions per prompt. Each sequence stops at its own EOS; nothing after
 * EOS is produced or scored; a sequence without EOS within the budget is unfinished. PAD and SOS
 * are never generated.
 *
 * <p>Greedy decoding breaks exact ties uniformly at random (seeded): a model that is indifferent
 * between tokens must not be read as preferring the lowest id. With a uniform model this makes
 * greedy decoding the uniform sampler, where breaking ties towards EOS made it stop at once.
 */
public final class Decoder {
  /** Rows a batch holds, after repeating each prompt K times: enough to keep libtorch busy, small enough for a KV cache. */
  static final int BATCH_ROWS = 256;

  private Decoder() {}

  /**
   * Completes every prompt (alphabet ids, no SOS) decoding.samplesPerPrompt() times and returns the
   * completions prompt by prompt: those of prompt i at i*K .. i*K+K-1. Prompts are batched by
   * length, so every row of a batch is fed the same number of tokens.
   *
   * @throws UserError if the prompt and budget do not fit the model's maximum length (nothing is
   *     cut short silently), or the model gives a non-finite logit
   */
  public static List<Completion> complete(LanguageModel model, List<int[]> prompts, Decoding decoding, long seed) {
    int k = decoding.samplesPerPrompt();
    for (int[] p : prompts) checkFits(model, p.length, decoding.budget());
    Completion[] out = new Completion[prompts.size() * k];
    Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
    for (int i = 0; i < prompts.size() * k; i++) byLength.computeIfAbsent(prompts.get(i / k).length, x -> new ArrayList<>()).add(i);
    SplittableRandom random = new SplittableRandom(seed);
    for (List<Integer> group : byLength.values()) {
      for (int from = 0; from < group.size(); from += BATCH_ROWS) {
        List<Integer> batch = group.subList(from, Math.min(group.size(), from + BATCH_ROWS));
        List<int[]> ps = batch.stream().map(i -> prompts.get(i / k)).toList();
        List<Completion> done = completeBatch(model, ps, decoding, random);
        for (int j = 0; j < batch.size(); j++) out[batch.get(j)] = done.get(j);
      }
    }
    return Arrays.asList(out);
  }

  private static List<Completion> completeBatch(LanguageModel model, List<int[]> prompts, Decoding s, SplittableRandom random) {
    int b = prompts.size();
    int promptLength = prompts.get(0).length;
    int budget = s.budget();
    int v = model.vocabularySize();
    int[][] generated = new int[b][budget];
    int[] produced = new int[b];
    boolean[] finished = new boolean[b];
    try (NDManager manager = NDManager.newBaseManager();
        DecodeState state = model.start(manager, b)) {
      long[] feed = new long[b];
      Arrays.fill(feed, Vocabulary.SOS);
      float[] l = step(state, manager, feed);
      for (int t = 0; t < promptLength; t++) {
        for (int r = 0; r < b; r++) feed[r] = prompts.get(r)[t];
        l = step(state, manager, feed);
      }
      int open = b;
      for (int g = 0; g < budget; g++) {
        for (int r = 0; r < b; r++) {
          if (finished[r]) {
            feed[r] = Vocabulary.EOS; // fed but never read: this row is over
            continue;
          }
          checkFinite(l, r * v, v, promptLength + g);
          int next = s.isGreedy() ? argmax(l, r * v, v, random) : sample(l, r * v, v, s.temperature(), random);
          feed[r] = next;
          if (next == Vocabulary.EOS) {
            finished[r] = true;
            open--;
          } else {
            generated[r][produced[r]++] = next;
          }
        }
        if (open == 0 || g + 1 == budget) break;
        l = step(state, manager, feed);
      }
    }
    List<Completion> out = new ArrayList<>(b);
    for (int r = 0; r < b; r++) out.add(new Completion(prompts.get(r), Arrays.copyOf(generated[r], produced[r]), finished[r]));
    return out;
  }

  /**
   * Feeds one token a row and returns the next-token logits [B x V] as Java floats. The fed ids
   * and the logits live in a manager of their own that closes with the step, so a long decode
   * holds no array per step.
   */
  private static float[] step(DecodeState state, NDManager manager, long[] feed) {
    try (NDManager step = manager.newSubManager()) {
      return state.step(step.create(feed)).toFloatArray();
    }
  }

  /**
   * The largest number of new tokens (EOS included) a model can generate after a prompt: SOS,
   * the prompt and every generated token but the last are fed back, and must fit its positions.
   */
  public static int room(LanguageModel model, int promptLength) {
    return (int) Math.min(Integer.MAX_VALUE, (long) model.positionCount() - promptLength);
  }

  private static void checkFits(LanguageModel model, int promptLength, int budget) {
    if (budget > room(model, promptLength))
      throw new UserError("the decoding budget of " + budget + " new tokens after a prompt of " + promptLength + " does not fit the model, which reads at most "
          + model.positionCount() + " tokens (SOS included): give the model more maxPositions, or evaluate on shorter words");
  }

  private static void checkFinite(float[] logits, int offset, int v, int position) {
    for (int id = Vocabulary.EOS; id < v; id++)
      if (!Float.isFinite(logits[offset + id]))
        throw new UserError("the model gave a non-finite logit (" + logits[offset + id] + ") for token id " + id + " at position " + position
            + ": the checkpoint is broken (diverged training or a faulty export); its completions would mean nothing");
  }

  /** The most likely id that may be generated (never PAD or SOS); exact ties broken uniformly at random. */
  static int argmax(float[] logits, int offset, int v, SplittableRandom random) {
    int best = Vocabulary.EOS;
    int ties = 1;
    for (int id = Vocabulary.EOS + 1; id < v; id++) {
      float x = logits[offset + id];
      if (x > logits[offset + best]) {
        best = id;
        ties = 1;
      } else if (x == logits[offset + best] && random.nextInt(++ties) == 0) {
        best = id; // reservoir choice: each of the tied ids ends up chosen with probability 1/ties
      }
    }
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
