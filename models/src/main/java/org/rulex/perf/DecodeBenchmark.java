package org.rulex.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.SplittableRandom;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.DecodeState;
import org.rulex.model.LinearAttentionTransformer;
import org.rulex.model.Lstm;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.PositionEncoding;
import org.rulex.model.RecomputeState;
import org.rulex.model.TrainableModel;
import org.rulex.model.Transformer;

/**
 * Batched greedy decoding throughput, with the model's incremental state (KV cache, recurrent
 * state, running sums) and without it (the whole prefix recomputed at every step). Each batch
 * holds {@code batch} prompts (SOS and random a/b symbols, {@code prompt} tokens in all), fed one
 * token a step, then extended greedily to {@code length} tokens. Rows do not stop at EOS (the
 * weights are untrained, so where EOS falls means nothing): the figure is the cost of a batch
 * whose longest completion runs to the length limit, the worst case of a real decoder.
 */
public final class DecodeBenchmark {
  private static final int VOCABULARY = Vocabulary.FIRST_SYMBOL + 2;

  private DecodeBenchmark() {}

  /** What to measure. */
  public record Settings(String architecture, int dModel, int heads, int layers, int ffWidth, int batch, int prompt, int length, int batches, long seed) {
    public ModelConfig model() {
      return switch (architecture) {
        case "transformer" -> new Transformer.Config(layers, dModel, heads, ffWidth, 0, PositionEncoding.LEARNED, length);
        case "linear-attention" -> new LinearAttentionTransformer.Config(layers, dModel, heads, ffWidth, 0, PositionEncoding.LEARNED, length);
        case "lstm" -> new Lstm.Config(layers, dModel, dModel, 0);
        case "mamba", "xlstm" -> ModelZoo.defaults(architecture); // the published sizes
        default -> throw new org.rulex.UserError(
            "perf decode: --arch is transformer, linear-attention, lstm, mamba or xlstm, not " + architecture);
      };
    }

    public String describe() {
      String sizes = switch (architecture) {
        case "mamba", "xlstm" -> " published sizes " + ModelZoo.toJson(model());
        case "lstm" -> " d_model=" + dModel + " layers=" + layers;
        default -> " d_model=" + dModel + " layers=" + layers + " heads=" + heads + " ff=" + ffWidth;
      };
      return architecture + " threads=" + JniUtils.getNumThreads() + " batch=" + batch + " prompt=" + prompt + " length=" + length
          + sizes + " batches=" + batches;
    }
  }

  /**
   * Measured throughput.
   *
   * @param completionsPerSecond finished prompts per second
   * @param tokensPerSecond tokens fed to the model per second (prompt and generated, all rows)
   * @param completionsPerCpuSecond per second of the decoding thread's CPU time (libtorch on one
   *     thread computes on it): steadier than wall time on a busy machine
   * @param bestBatchCompletionsPerCpuSecond the same for the batch that took the least CPU time:
   *     the steadiest figure when other processes share the cores and caches (they slow single
   *     batches, not the best one)
   */
  public record Figures(Settings settings, boolean cached, double seconds, double completionsPerSecond, double tokensPerSecond,
      double completionsPerCpuSecond, double bestBatchCompletionsPerCpuSecond) {}

  /** Runs one untimed batch to warm up, then {@code batches} timed ones. */
  public static Figures run(Settings s, boolean cached) {
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(s.model(), VOCABULARY, manager, s.seed());
      SplittableRandom rnd = new SplittableRandom(s.seed());
      decodeBatch(model, manager, s, cached, rnd);
      long tokens = 0;
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long bestBatchCpu = Long.MAX_VALUE;
      long start = System.nanoTime();
      for (int i = 0; i < s.batches(); i++) {
        long batchCpu0 = threads.getCurrentThreadCpuTime();
        tokens += decodeBatch(model, manager, s, cached, rnd);
        bestBatchCpu = Math.min(bestBatchCpu, threads.getCurrentThreadCpuTime() - batchCpu0);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double completions = (double) s.batches() * s.batch();
      return new Figures(s, cached, seconds, completions / seconds, tokens / seconds, completions / cpuSeconds, s.batch() / (bestBatchCpu / 1e9));
    }
  }

  /** Greedy completion of one batch of prompts to the full length; returns the number of tokens fed. */
  private static long decodeBatch(TrainableModel model, NDManager manager, Settings s, boolean cached, SplittableRandom rnd) {
    int b = s.batch();
    long[][] prompts = new long[b][s.prompt()];
    for (long[] p : prompts) {
      p[0] = Vocabulary.SOS;
      for (int i = 1; i < p.length; i++) p[i] = Vocabulary.FIRST_SYMBOL + rnd.nextInt(2);
    }
    long fed = 0;
    try (NDManager run = manager.newSubManager();
        DecodeState state = cached ? model.start(run, b) : new RecomputeState(model, run, b)) {
      // Generated tokens stay in native memory: the argmax of one step is the next step's input.
      NDManager previous = null;
      NDArray next = null;
      for (int t = 0; t < s.length() - 1; t++) {
        NDManager step = run.newSubManager();
        NDArray input;
        if (t < s.prompt()) {
          long[] column = new long[b];
          for (int row = 0; row < b; row++) column[row] = prompts[row][t];
          input = step.create(column);
        } else {
          input = next;
        }
        next = state.step(input).argMax(1); // greedy: int64 [B]
        next.attach(step); // it was made in the manager of its input, closed below
        if (previous != null) previous.close();
        previous = step;
        fed += b;
      }
      if (previous != null) previous.close();
    }
    return fed;
  }
}
