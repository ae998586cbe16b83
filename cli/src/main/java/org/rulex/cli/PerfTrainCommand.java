package org.rulex.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rulex.UserError;
import org.rulex.bench.Preset;
import org.rulex.grammar.Languages;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.perf.TorchReference;
import org.rulex.perf.TrainBenchmark;
import org.rulex.train.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Training tokens/s, comparable with the eager PyTorch reference (models/.../perf/torch_reference.py). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Training tokens/s of transformer, LSTM, linear attention, Mamba and xLSTM, beside eager PyTorch.",
      "",
      "Times rulex's training step (forward, cross-entropy over non-PAD targets,",
      "backward, AdamW) on a^n b^n batches built exactly as the PyTorch reference",
      "(models/src/main/java/org/rulex/perf/torch_reference.py) builds them: n uniform",
      "in 1..(seq-2)/2, rows padded to seq. Warm-up steps are not timed. tokens/s counts",
      "every padded input position (batch x (seq-1) a step); real-tokens/s counts",
      "non-PAD targets only; cpu-ms/step and cpu-tokens/s count the training thread's",
      "CPU time, which a busy machine disturbs far less than wall time.",
      "The architectures' timed steps alternate (one step of each in turn), so that",
      "their ratios to the transformer are taken under the same load.",
      "--torch runs the PyTorch reference of each architecture after rulex's steps",
      "(Debian's python3-torch, one OpenBLAS thread) and prints the ratio and the",
      "command that reproduces it; --rounds repeats rulex and PyTorch alternately."
    })
final class PerfTrainCommand implements Callable<Integer> {
  @Option(names = "--arch", split = ",", defaultValue = "transformer,lstm", description = "Architectures: transformer, lstm, linear-attention (as the transformer), mamba (dState 16, dConv 4, expand 2), xlstm (--layers blocks, sLSTM at block 1, conv 4, FF 1.3) (default ${DEFAULT-VALUE}).")
  List<String> architectures;

  @Option(names = "--steps", defaultValue = "300", description = "Timed steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "20", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--batch", description = "Sequences a step (default 64, or the preset's batch size).")
  Integer batch;

  @Option(names = "--seq", description = "Padded length, SOS and EOS included (default 64, or the preset's training sequenceLength).")
  Integer seq;

  @Option(names = "--preset", description = "Model sizes of each architecture from this preset's modelConfigs (e.g. quick), instead of --d-model, --heads, --layers, --ff.")
  String preset;

  @Mixin ModelSizeOptions sizes;

  @Option(names = "--lr", defaultValue = "1e-3", description = "AdamW learning rate, constant (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--clip", defaultValue = "0", description = "Global gradient-norm clipping; 0 = off, as in the reference (default ${DEFAULT-VALUE}).")
  double clip;

  @Option(names = "--seed", defaultValue = "0", description = "Seed for weights and batches (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--torch", description = "Also run the eager PyTorch reference of each architecture and print the ratios.")
  boolean torch;

  @Option(names = "--rounds", defaultValue = "1", description = "Rounds of rulex's steps (and, with --torch, PyTorch's) (default ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() {
    EngineSettings.useThreads(sizes.threads);
    if (rounds < 1) throw new UserError("--rounds must be at least 1, not " + rounds);
    Map<String, ModelConfig> configs = new LinkedHashMap<>();
    int b = batch == null ? 64 : batch, s = seq == null ? 64 : seq;
    if (preset != null) {
      Preset p = Preset.load(preset);
      for (String arch : architectures) {
        JsonObject json = p.modelConfigs().get(arch);
        if (json == null) throw new UserError("perf train: preset " + preset + " has no model configuration for " + arch);
        configs.put(arch, ModelZoo.fromJson(json));
      }
      JsonObject training = p.training();
      if (batch == null && training.has("batchSize")) b = training.get("batchSize").getAsInt();
      if (seq == null && training.has("sequenceLength")) s = training.get("sequenceLength").getAsInt();
    }
    List<TrainBenchmark.Settings> settings = new ArrayList<>();
    for (String arch : architectures)
      settings.add(new TrainBenchmark.Settings(arch, sizes.dModel, sizes.heads, sizes.layers, sizes.ff, b, s, warmup, steps, lr, clip, seed, configs.get(arch)));
    System.out.println("# " + EngineSettings.describe() + "; " + warmup + " untimed steps, then " + steps
        + " timed, the architectures' steps alternating; tokens/s counts padded positions");
    Path home = Languages.home();
    Map<String, List<Double>> toTransformer = new LinkedHashMap<>(), toTorch = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      System.out.println("# round " + round + " of " + rounds + ", load " + PerfLoad.now());
      List<TrainBenchmark.Figures> figures = TrainBenchmark.runInterleaved(settings);
      TrainBenchmark.Figures transformer = null;
      for (TrainBenchmark.Figures f : figures) {
        if (f.settings().architecture().equals("transformer")) transformer = f;
        System.out.println(String.format(Locale.ROOT,
            "rulex %s parameters=%d steps/s=%.2f tokens/s=%.0f real-tokens/s=%.0f cpu-ms/step=%.2f cpu-tokens/s=%.0f",
            f.settings().describe(), f.parameters(), f.stepsPerSecond(), f.tokensPerSecond(), f.realTokensPerSecond(),
            f.cpuMillisecondsPerStep(), f.tokensPerCpuSecond()));
      }
      if (transformer != null)
        for (TrainBenchmark.Figures f : figures) {
          if (f == transformer) continue;
          double cpu = f.cpuSeconds() / transformer.cpuSeconds() * transformer.settings().steps() / f.settings().steps();
          double wall = f.seconds() / transformer.seconds() * transformer.settings().steps() / f.settings().steps();
          toTransformer.computeIfAbsent(f.settings().architecture(), k -> new ArrayList<>()).add(cpu);
          System.out.println("ratio " + f.settings().architecture() + " step time / transformer step time: cpu " + TorchReference.ratio(cpu)
              + ", wall " + TorchReference.ratio(wall) + " (same run, steps alternating)");
        }
      if (!torch) continue;
      System.out.println("# PyTorch, load " + PerfLoad.now());
      for (TrainBenchmark.Figures f : figures) {
        TrainBenchmark.Settings st = f.settings();
        List<String> args = new ArrayList<>(TorchReference.modelArguments(st.model()));
        args.addAll(List.of("--batch", "" + st.batch(), "--seq", "" + st.seq(), "--steps", "" + st.steps(), "--warmup", "" + st.warmup(),
            "--threads", "" + sizes.threads, "--lr", "" + st.learningRate(), "--seed", "" + st.seed()));
        TorchReference.Result r = TorchReference.run(home, args);
        double cpu = f.tokensPerCpuSecond() / r.figure("cpu-tokens/s");
        double wall = f.tokensPerSecond() / r.figure("tokens/s");
        toTorch.computeIfAbsent(st.architecture(), k -> new ArrayList<>()).add(cpu);
        System.out.println(r.line());
        System.out.println("ratio " + st.architecture() + " rulex tokens/s / PyTorch tokens/s: cpu " + TorchReference.ratio(cpu) + ", wall "
            + TorchReference.ratio(wall) + "   (PyTorch: " + TorchReference.shellLine(home, args) + ")");
      }
    }
    if (rounds > 1) {
      toTransformer.forEach((arch, xs) -> System.out.println("summary " + arch + " step time / transformer's (cpu), by round: " + PerfLoad.list(xs)));
      toTorch.forEach((arch, xs) -> System.out.println("summary " + arch + " rulex / PyTorch tokens/s (cpu), by round: " + PerfLoad.list(xs)));
    }
    return 0;
  }
}
