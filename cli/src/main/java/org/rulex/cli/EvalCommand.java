package org.rulex.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rulex.UserError;
import org.rulex.bench.CellData;
import org.rulex.evaluate.Evaluation;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.regress.Baseline;
import org.rulex.regress.Metric;
import org.rulex.regress.Regression;
import org.rulex.sample.LanguageSampler;
import org.rulex.train.Checkpoint;
import org.rulex.train.ModelCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Evaluates a checkpoint and, for CI, compares it with a baseline. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a checkpoint on its language: test loss and next-token accuracy on sampled",
      "members, then greedy completions of the ID and OOD prompt sets, every rule scored with",
      "both denominators and 95%% Wilson intervals.",
      "",
      "With --baseline FILE, compare with a frozen baseline (measured with the baseline's own",
      "settings): a metric regresses only when it dropped by more than the tolerance AND the",
      "baseline lies outside the current 95%% interval. Prints a readable diff, writes JUnit",
      "XML with --junit, exits 1 on a regression. --write-baseline FILE freezes the current",
      "metrics instead. A checkpoint for another language or vocabulary is refused (exit 2).",
      ""
    })
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", paramLabel = "DIR", description = "A checkpoint directory (model-card.json + parameters).")
  Path checkpoint;

  @Option(names = "--model", paramLabel = "torchscript:FILE",
      description = "Instead of --checkpoint: a TorchScript model (torch.jit.save) mapping ids int64 [B, T] to logits [B, T, V] over rulex's vocabulary; needs --language.")
  String model;

  @Option(names = "--language", paramLabel = "NAME", description = "Language to evaluate on (default: the one in the model card).")
  String language;

  @Option(names = "--max-length", defaultValue = "64", paramLabel = "N",
      description = "With --model torchscript: the longest input the model accepts, in tokens, SOS included (default ${DEFAULT-VALUE}).")
  int maxLength;

  @Option(names = "--baseline", paramLabel = "FILE", description = "Baseline to compare with.")
  Path baseline;

  @Option(names = "--write-baseline", paramLabel = "FILE", description = "Write the current metrics as a baseline.")
  Path writeBaseline;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write the comparison as JUnit XML.")
  Path junit;

  @Option(names = "--tolerance", defaultValue = "0.05", description = "Largest allowed drop of a rate, absolute (default ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--loss-tolerance", defaultValue = "0.1", description = "Largest allowed rise of the test loss, nats (default ${DEFAULT-VALUE}).")
  double lossTolerance;

  @Option(names = "--seed", defaultValue = "7", description = "Seed for test words and sampled prompts, without a baseline (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--test-words", defaultValue = "200", description = "Number of test words, without a baseline (default ${DEFAULT-VALUE}).")
  int testWords;

  @Override
  public Integer call() {
    Baseline base = baseline == null ? null : Baseline.read(baseline);
    if ((checkpoint == null) == (model == null)) throw new UserError("give either --checkpoint DIR or --model torchscript:FILE");
    if (model != null) return evaluateTorchScript(base);
    ModelCard card = Checkpoint.readCard(checkpoint);
    Language lang = Languages.standard().get(language != null ? language : card.language());
    if (!card.language().equals(lang.name()))
      throw new UserError(checkpoint + " was trained on " + card.language() + ", not " + lang.name() + ": its metrics on " + lang.name() + " would mean nothing");
    if (base != null && !base.language().equals(lang.name()))
      throw new UserError(baseline + " is a baseline for " + base.language() + ", not " + lang.name());
    Baseline.Settings settings = base != null ? base.evaluation()
        : new Baseline.Settings(seed, testWords, Math.min(lang.maxLength(), card.training().maxLength() - 2), 2.0, 8);
    Map<String, Metric> current;
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, manager, new Checkpoint.Expected(lang.vocabulary(), lang.name(), lang.grammarHash()));
      current = measure(loaded.model(), lang, settings);
    }
    return conclude(lang, base, settings, card.parametersSha256(), current, String.valueOf(checkpoint));
  }

  private Map<String, Metric> measure(org.rulex.model.LanguageModel m, Language lang, Baseline.Settings settings) {
    LanguageSampler sampler = new LanguageSampler(lang, null, settings.maxWordLength());
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<int[]> test = new ArrayList<>();
    for (int i = 0; i < settings.testWords(); i++) test.add(sampler.sample(random));
    return Evaluation.run(m, lang, test, CellData.prompts(lang, settings.seed()), settings::budget, settings.seed()).metrics();
  }

  private int evaluateTorchScript(Baseline base) {
    if (!model.startsWith("torchscript:")) throw new UserError("--model " + model + ": write torchscript:FILE");
    if (language == null) throw new UserError("--model torchscript:FILE needs --language: a TorchScript file carries no model card");
    Language lang = Languages.standard().get(language);
    Path file = Path.of(model.substring("torchscript:".length()));
    Baseline.Settings settings = base != null ? base.evaluation() : new Baseline.Settings(seed, testWords, Math.min(lang.maxLength(), maxLength - 2), 2.0, 8);
    Map<String, Metric> current;
    try (org.rulex.model.TorchScriptModel ts = org.rulex.model.TorchScriptModel.load(file, lang.vocabulary(), maxLength)) {
      current = measure(ts, lang, settings);
    }
    return conclude(lang, base, settings, "torchscript:" + file.getFileName(), current, model);
  }

  private int conclude(Language lang, Baseline base, Baseline.Settings settings, String parametersId, Map<String, Metric> current, String what) {
    if (writeBaseline != null) {
      new Baseline(Baseline.SCHEMA, lang.name(), lang.grammarHash(), parametersId, settings, tolerance, lossTolerance, current).write(writeBaseline);
      System.out.println("wrote baseline " + writeBaseline + " (" + current.size() + " metrics)");
    }
    if (base == null) {
      for (Metric m : current.values())
        System.out.printf("%-34s %8.4f%s%n", m.name(), m.value(), m.hasInterval() ? String.format("  [%.3f, %.3f]  (%d/%d)", m.low(), m.high(), m.successes(), m.trials()) : "");
      return 0;
    }
    List<Regression.Check> checks = Regression.compare(base.metrics(), current, tolerance, lossTolerance);
    System.out.println("rulex eval: " + what + " against " + baseline);
    System.out.println(Regression.diff(checks));
    if (junit != null) {
      try {
        Path parent = junit.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(junit, Regression.junitXml("rulex.eval." + lang.name(), checks), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError(junit + ": cannot write: " + e.getMessage());
      }
    }
    return Regression.anyFailed(checks) ? 1 : 0;
  }
}
