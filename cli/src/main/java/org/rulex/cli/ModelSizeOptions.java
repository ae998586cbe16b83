package org.rulex.cli;

import picocli.CommandLine.Option;

/** The model sizes and thread count the speed benchmarks of models share (a picocli mixin). */
final class ModelSizeOptions {
  @Option(names = "--threads", defaultValue = "1", description = "libtorch threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--d-model", defaultValue = "64", description = "Embedding width; the LSTM's hidden size too (default ${DEFAULT-VALUE}).")
  int dModel;

  @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default ${DEFAULT-VALUE}).")
  int heads;

  @Option(names = "--layers", defaultValue = "2", description = "Layers (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--ff", defaultValue = "256", description = "Transformer MLP width (default ${DEFAULT-VALUE}).")
  int ff;
}
