package org.rulex.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rulex.perf.DecodeBenchmark;
import org.rulex.train.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Greedy completions/s with and without the models' incremental decoding state. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Greedy completions/s, with and without the incremental decoding state.",
      "",
      "Decodes batches of prompts (SOS and random a/b symbols) greedily to",
      "--length tokens: once with the model's incremental state (KV cache,",
      "recurrent state, running sums; one token a step), once recomputing the",
      "whole prefix at every step. Weights are untrained and rows do not stop",
      "at EOS: every completion runs to the length limit, the worst case of a",
      "real decoder. One untimed batch first. Mamba and xLSTM run at their",
      "published sizes (Mamba: d_model 32, 10 layers; xLSTM: 6 blocks, embedding 64).",
      "completions/cpu-s counts per second of the decoding thread's CPU time, which",
      "a busy machine disturbs far less than wall time (with --threads 1);",
      "best-batch-completions/cpu-s the same for the timed batch that took the",
      "least CPU time, steadier still when others share the cores and caches.",
      "--torch runs the eager PyTorch reference of each architecture at the same",
      "sizes after rulex (transformer with a KV cache, the others with their",
      "recurrent state) and prints the ratio and the command that reproduces it."
    })
final class PerfDecodeCommand implements Callable<Integer> {
  @Option(names = "--arch", split = ",", defaultValue = "transformer,lstm,linear-attention,mamba,xlstm",
      description = "Architectures: transformer, lstm, linear-attention (sized by the options below), mamba, xlstm"
          + " (their published sizes) (default ${DEFAULT-VALUE}).")
  List<String> architectures;

  @Option(names = "--batch", defaultValue = "256", description = "Prompts decoded together (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--prompt", defaultValue = "8", description = "Prompt tokens, SOS included (default ${DEFAULT-VALUE}).")
  int prompt;

  @Option(names = "--length", defaultValue = "64", description = "Sequence length, prompt included (default ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--batches", defaultValue = "3", description = "Timed batches (default ${DEFAULT-VALUE}).")
  int batches;


  @Mixin ModelSizeOptions sizes;

  @Option(names = "--no-recompute", description = "Skip the slow figure without the incremental state.")
  boolean cachedOnly;

  @Option(names = "--torch", description = "Also decode with the eager PyTorch reference and print the ratios.")
  boolean torch;

  @Override
  public Integer call() {
    EngineSettings.useThreads(sizes.threads);
    System.out.println("# " + EngineSettings.describe() + "; untrained weights; one untimed batch, then " + batches + " timed; load " + PerfLoad.now());
    for (String arch : architectures) {
      DecodeBenchmark.Settings s =
          new DecodeBenchmark.Settings(arch, sizes.dModel, sizes.heads, sizes.layers, sizes.ff, batch, prompt, length, batches, 0);
      for (boolean cached : cachedOnly ? new boolean[] {true} : new boolean[] {true, false}) {
        DecodeBenchmark.Figures f = DecodeBenchmark.run(s, cached);
        System.out.println(String.format(Locale.ROOT,
            "rulex %s state=%s completions/s=%.1f tokens/s=%.0f completions/cpu-s=%.1f best-batch-completions/cpu-s=%.1f", s.describe(),
            cached ? "incremental" : "recompute", f.completionsPerSecond(), f.tokensPerSecond(), f.completionsPerCpuSecond(),
            f.bestBatchCompletionsPerCpuSecond()));
        if (torch && cached) {
          java.nio.file.Path home = org.rulex.grammar.Languages.home();
          List<String> args = new java.util.ArrayList<>(org.rulex.perf.TorchReference.modelArguments(s.model()));
          args.addAll(List.of("--mode", "decode", "--batch", "" + batch, "--prompt", "" + prompt, "--seq", "" + length, "--batches", "" + batches,
              "--threads", "" + sizes.threads));
          System.out.println("# PyTorch, load " + PerfLoad.now());
          org.rulex.perf.TorchReference.Result r = org.rulex.perf.TorchReference.run(home, args);
          System.out.println(r.line());
          System.out.println("ratio " + arch + " rulex completions/s / PyTorch completions/s: cpu "
              + org.rulex.perf.TorchReference.ratio(f.completionsPerCpuSecond() / r.figure("completions/cpu-s")) + ", wall "
              + org.rulex.perf.TorchReference.ratio(f.completionsPerSecond() / r.figure("completions/s")) + "   (PyTorch: "
              + org.rulex.perf.TorchReference.shellLine(home, args) + ")");
        }
      }
    }
    return 0;
  }
}
