package org.rulex.perf;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.SplittableRandom;
import org.rulex.SequenceLength;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.LinearAttentionTransformer;
import org.rulex.model.Lstm;
import org.rulex.model.Mamba;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.PositionEncoding;
import org.rulex.model.TrainableModel;
import org.rulex.model.Transformer;
import org.rulex.model.Xlstm;
import org.rulex.train.Batch;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainStep;

/**
 * Training throughput, measured the way torch_reference.py (beside this class) measures eager
 * PyTorch so that the two figures can be divided: the same models (pre-LN GPT with learned
 * positions, an LSTM, Mamba, xLSTM), the same a^n b^n batches (n uniform in 1..(seq-2)/2,
 * every row padded to seq - 1 inputs), AdamW at a constant learning rate, {@code warmup}
 * untimed steps, then {@code steps} timed ones. Each timed step is rulex's real training step
 * (forward, masked cross-entropy, backward, global-norm clipping if asked, AdamW).
 */
public final class TrainBenchmark {
  private static final int A = Vocabulary.FIRST_SYMBOL;
  private static final int B = Vocabulary.FIRST_SYMBOL + 1;
  private static final int VOCABULARY = Vocabulary.FIRST_SYMBOL + 2;

  private TrainBenchmark() {}

  /** What to measure ('rulex perf train' gives defaults that match torch_reference.py's). */
  public record Settings(
      String architecture,
      int dModel,
      int heads,
      int layers,
      int ffWidth,
      int batch,
      int seq,
      int warmup,
      int steps,
      double learningRate,
      double clipNorm,
      long seed,
      ModelConfig sizes) {
    /** Sizes from the options above ({@code sizes} null), or {@code sizes} as given (a preset's). */
    public ModelConfig model() {
      if (sizes != null) return sizes;
      return switch (architecture) {
        case "transformer" -> new Transformer.Config(layers, dModel, heads, ffWidth, 0, PositionEncoding.LEARNED, seq);
        case "lstm" -> new Lstm.Config(layers, dModel, dModel, 0);
        case "linear-attention" -> new LinearAttentionTransformer.Config(layers, dModel, heads, ffWidth, 0, PositionEncoding.LEARNED, seq);
        case "mamba" -> new Mamba.Config(layers, dModel, 16, 4, 2);
        case "xlstm" -> new Xlstm.Config(layers, dModel, heads, List.of(1), 4, 1.3);
        default -> throw new org.rulex.UserError("perf train: --arch is transformer, lstm, linear-attention, mamba or xlstm, not " + architecture);
      };
    }

    /** One line stating the settings, for the report. */
    public String describe() {
      String described = sizes != null ? " " + ModelZoo.toJson(sizes) : switch (architecture) {
        case "transformer", "linear-attention" -> " d_model=" + dModel + " heads=" + heads + " ff=" + ffWidth + " layers=" + layers;
        case "lstm" -> " d_model=" + dModel + " layers=" + layers;
        default -> " " + ModelZoo.toJson(model());
      };
      return architecture + " threads=" + JniUtils.getNumThreads() + " steps=" + steps + " warmup=" + warmup + " batch=" + batch
          + " seq=" + seq + described + " lr=" + learningRate + " clip=" + clipNorm;
    }
  }

  /**
   * Measured throughput.
   *
   * @param tokensPerSecond input positions per second, PAD included (batch x (seq - 1) a step)
   * @param realTokensPerSecond non-PAD target tokens per second
   * @param cpuSeconds the timed steps' CPU time of the training thread (libtorch on one thread
   *     computes on it, the backward pass too): steadier than wall time on a busy machine
   */
  public record Figures(Settings settings, long parameters, double seconds, double stepsPerSecond, double tokensPerSecond, double realTokensPerSecond,
      double cpuSeconds) {
    /** Padded tokens per second of the training thread's CPU time. */
    public double tokensPerCpuSecond() {
      return (double) settings.steps() * settings.batch() * (settings.seq() - 1) / cpuSeconds;
    }

    /** CPU milliseconds a step. */
    public double cpuMillisecondsPerStep() {
      return cpuSeconds * 1000 / settings.steps();
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * Several models measured under the same load: all are built and warmed up, then their timed
   * steps alternate (one step of each in turn), so that a busy machine slows each about equally
   * and the ratios between them hold. Each setting keeps its own batches and seed.
   */
  public static List<Figures> runInterleaved(List<Settings> settings) {
    int n = settings.size();
    try (NDManager manager = NDManager.newBaseManager()) {
      List<TrainableModel> models = new java.util.ArrayList<>();
      List<TrainStep> steps = new java.util.ArrayList<>();
      List<SplittableRandom> rnds = new java.util.ArrayList<>();
      try {
        for (Settings s : settings) {
          TrainConfig training = new TrainConfig(s.warmup() + s.steps(), s.batch(), s.learningRate(), 0.01, 0, s.clipNorm(), 1, 0, s.seed(), s.seq());
          TrainableModel model = ModelZoo.create(s.model(), VOCABULARY, manager, s.seed());
          models.add(model);
          steps.add(new TrainStep(model, training, manager));
          rnds.add(new SplittableRandom(s.seed()));
        }
        int most = 0;
        for (Settings s : settings) most = Math.max(most, Math.max(s.warmup(), s.steps()));
        for (int i = 0; i < most; i++)
          for (int k = 0; k < n; k++) if (i < settings.get(k).warmup()) steps.get(k).run(batch(settings.get(k), rnds.get(k)));
        long[] wall = new long[n], cpu = new long[n], real = new long[n];
        for (int i = 0; i < most; i++) {
          for (int k = 0; k < n; k++) {
            if (i >= settings.get(k).steps()) continue;
            Batch b = batch(settings.get(k), rnds.get(k));
            long w0 = System.nanoTime(), c0 = THREADS.getCurrentThreadCpuTime();
            steps.get(k).run(b);
            cpu[k] += THREADS.getCurrentThreadCpuTime() - c0;
            wall[k] += System.nanoTime() - w0;
            real[k] += b.realTokens();
          }
        }
        List<Figures> out = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
          Settings s = settings.get(k);
          double seconds = wall[k] / 1e9;
          double padded = (double) s.steps() * s.batch() * (s.seq() - 1);
          out.add(new Figures(s, models.get(k).parameterCount(), seconds, s.steps() / seconds, padded / seconds, real[k] / seconds, cpu[k] / 1e9));
        }
        return out;
      } finally {
        for (TrainStep step : steps) step.close();
      }
    }
  }

  public static Figures run(Settings s) {
    ModelConfig config = s.model();
    TrainConfig training = new TrainConfig(s.warmup() + s.steps(), s.batch(), s.learningRate(), 0.01, 0, s.clipNorm(), 1, 0, s.seed(), s.seq());
    SplittableRandom rnd = new SplittableRandom(s.seed());
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, VOCABULARY, manager, s.seed());
      try (TrainStep step = new TrainStep(model, training, manager)) {
        for (int i = 0; i < s.warmup(); i++) step.run(batch(s, rnd));
        long real = 0;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) {
          Batch b = batch(s, rnd);
          step.run(b);
          real += b.realTokens();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double padded = (double) s.steps() * s.batch() * (s.seq() - 1);
        return new Figures(s, model.parameterCount(), seconds, s.steps() / seconds, padded / seconds, real / seconds, cpuSeconds);
      }
    }
  }

  /** torch_reference.py's batch: SOS a^n b^n EOS, PAD to seq, inputs and targets shifted by one. */
  static Batch batch(Settings s, SplittableRandom rnd) {
    int t = s.seq() - 1;
    long[] inputs = new long[s.batch() * t];
    long[] targets = new long[s.batch() * t];
    int real = 0;
    for (int row = 0; row < s.batch(); row++) {
      int n = 1 + rnd.nextInt(SequenceLength.longestWord(s.seq()) / 2);
      long[] seq = new long[s.seq()];
      seq[0] = Vocabulary.SOS;
      for (int i = 0; i < n; i++) {
        seq[1 + i] = A;
        seq[1 + n + i] = B;
      }
      seq[1 + 2 * n] = Vocabulary.EOS;
      System.arraycopy(seq, 0, inputs, row * t, t);
      System.arraycopy(seq, 1, targets, row * t, t);
      real += 2 * n + 1;
    }
    return new Batch(inputs, targets, s.batch(), t, real);
  }
}
