package org.rulex.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rulex.perf.TrainBenchmark;
import org.rulex.train.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Training tokens/s, comparable with shared/bench/torch_reference.py. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Training tokens/s of transformer and LSTM, comparable with PyTorch (and of",
      "Mamba and xLSTM, for sizing presets).",
      "",
      "Times rulex's training step (forward, cross-entropy over non-PAD targets,",
      "backward, AdamW) on a^n b^n batches built exactly as",
      "shared/bench/torch_reference.py builds them: n uniform in 1..(seq-2)/2,",
      "rows padded to seq. Warm-up steps are not timed. tokens/s counts every",
      "padded input position (batch x (seq-1) a step); real-tokens/s counts",
      "non-PAD targets only. For a ratio, run on the same idle machine:",
      "  /usr/bin/python3 shared/bench/torch_reference.py --arch <arch>",
      "      --steps <n> --threads <t>"
    })
final class PerfTrainCommand implements Callable<Integer> {
  @Option(names = "--arch", split = ",", defaultValue = "transformer,lstm", description = "Architectures: transformer, lstm, mamba (dState 16, dConv 4, expand 2), xlstm (--layers blocks, sLSTM at block 1, conv 4, FF 1.3) (default ${DEFAULT-VALUE}).")
  List<String> architectures;

  @Option(names = "--steps", defaultValue = "300", description = "Timed steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "20", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
  int warmup;


  @Option(names = "--batch", defaultValue = "64", description = "Sequences a step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seq", defaultValue = "64", description = "Padded length, SOS and EOS included (default ${DEFAULT-VALUE}).")
  int seq;

  @Mixin ModelSizeOptions sizes;

  @Option(names = "--lr", defaultValue = "1e-3", description = "AdamW learning rate, constant (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--clip", defaultValue = "0", description = "Global gradient-norm clipping; 0 = off, as in the reference (default ${DEFAULT-VALUE}).")
  double clip;

  @Option(names = "--seed", defaultValue = "0", description = "Seed for weights and batches (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    EngineSettings.useThreads(sizes.threads);
    System.out.println("# " + EngineSettings.describe() + "; " + warmup + " untimed steps, then " + steps + " timed; tokens/s counts padded positions");
    for (String arch : architectures) {
      TrainBenchmark.Settings s =
          new TrainBenchmark.Settings(arch, sizes.dModel, sizes.heads, sizes.layers, sizes.ff, batch, seq, warmup, steps, lr, clip, seed);
      TrainBenchmark.Figures f = TrainBenchmark.run(s);
      System.out.println(String.format(Locale.ROOT, "rulex %s parameters=%d steps/s=%.2f tokens/s=%.0f real-tokens/s=%.0f",
          s.describe(), f.parameters(), f.stepsPerSecond(), f.tokensPerSecond(), f.realTokensPerSecond()));
    }
    return 0;
  }
}
