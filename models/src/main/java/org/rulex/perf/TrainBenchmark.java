package org.rulex.perf;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.SplittableRandom;
import org.rulex.SequenceLength;
import org.rulex.grammar.Vocabulary;
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
 * Training throughput, measured the way shared/bench/torch_reference.py measures eager PyTorch so
 * that the two figures can be divided: the same models (pre-LN GPT with learned positions, or an
 * LSTM with embedding = hidden = dModel), the same a^n b^n batches (n uniform in 1..(seq-2)/2,
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
      long seed) {
    ModelConfig model() {
      return switch (architecture) {
        case "transformer" -> new Transformer.Config(layers, dModel, heads, ffWidth, 0, PositionEncoding.LEARNED, seq);
        case "lstm" -> new Lstm.Config(layers, dModel, dModel, 0);
        case "mamba" -> new Mamba.Config(layers, dModel, 16, 4, 2);
        case "xlstm" -> new Xlstm.Config(layers, dModel, heads, List.of(1), 4, 1.3);
        default -> throw new org.rulex.UserError("perf train: --arch is transformer, lstm, mamba or xlstm, not " + architecture);
      };
    }

    /** One line stating the settings, for the report. */
    public String describe() {
      String sizes = switch (architecture) {
        case "transformer" -> " d_model=" + dModel + " heads=" + heads + " ff=" + ffWidth + " layers=" + layers;
        case "lstm" -> " d_model=" + dModel + " layers=" + layers;
        default -> " " + ModelZoo.toJson(model());
      };
      return architecture + " threads=" + JniUtils.getNumThreads() + " steps=" + steps + " warmup=" + warmup + " batch=" + batch
          + " seq=" + seq + sizes + " lr=" + learningRate + " clip=" + clipNorm;
    }
  }

  /**
   * Measured throughput.
   *
   * @param tokensPerSecond input positions per second, PAD included (batch x (seq - 1) a step)
   * @param realTokensPerSecond non-PAD target tokens per second
   */
  public record Figures(Settings settings, long parameters, double seconds, double stepsPerSecond, double tokensPerSecond, double realTokensPerSecond) {}

  public static Figures run(Settings s) {
    ModelConfig config = s.model();
    TrainConfig training = new TrainConfig(s.warmup() + s.steps(), s.batch(), s.learningRate(), 0.01, 0, s.clipNorm(), 1, 0, s.seed(), s.seq());
    SplittableRandom rnd = new SplittableRandom(s.seed());
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, VOCABULARY, manager, s.seed());
      try (TrainStep step = new TrainStep(model, training, manager)) {
        for (int i = 0; i < s.warmup(); i++) step.run(batch(s, rnd));
        long real = 0;
        long start = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) {
          Batch b = batch(s, rnd);
          step.run(b);
          real += b.realTokens();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double padded = (double) s.steps() * s.batch() * (s.seq() - 1);
        return new Figures(s, model.parameterCount(), seconds, s.steps() / seconds, padded / seconds, real / seconds);
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
