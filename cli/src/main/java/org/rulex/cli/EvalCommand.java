package org.rulex.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntUnaryOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.LinkedHashMap;
import org.rulex.decode.DecodingSettings;
import org.rulex.AtomicFile;
import org.rulex.SequenceLength;
import org.rulex.UserError;
import org.rulex.model.LanguageModel;
import org.rulex.model.ModelZoo;
import org.rulex.score.UniformChance;
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
      "members, then greedy and sampled completions of the ID and OOD prompt sets, every rule",
      "scored with both denominators, 95%% intervals, and the uniform sampler's exact chance.",
      "The decoding budget lets every prompt reach the longest member of the language.",
      "",
      "With --baseline FILE, compare with a frozen baseline (measured with the baseline's own",
      "settings). It fails (exit 1, each check a JUnit testcase with --junit) when a rate",
      "dropped by more than the tolerance AND the baseline lies outside the current 95%%",
      "interval; when a metric was measured over other prompt or sample counts; when the",
      "baseline holds no metric; and when the checkpoint no longer beats the uniform and",
      "stop-at-once baselines where it did when the baseline was written. A baseline for",
      "another grammar or vocabulary, and a checkpoint for another language, are refused",
      "(exit 2). A baseline holding NaN or Infinity, a metric whose higherIsBetter differs from",
      "the direction rulex knows, or a negative tolerance is refused at file:line:col (exit 2).",
      "--write-baseline FILE freezes the current metrics; with --baseline it is written only",
      "after the comparison, and never over the baseline file itself.",
      "",
      "Warning: a TorchScript file is a program that libtorch runs, and a checkpoint is",
      "parsed by native code: load only files from a source you trust.",
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
  int positions;

  @Option(names = "--baseline", paramLabel = "FILE", description = "Baseline to compare with.")
  Path baseline;

  @Option(names = "--write-baseline", paramLabel = "FILE", description = "Write the current metrics as a baseline.")
  Path writeBaseline;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write the comparison as JUnit XML.")
  Path junit;

  @Option(names = "--tolerance", paramLabel = "X",
      description = "Largest allowed drop of a rate, absolute (default: the baseline's own, else 0.05).")
  Double tolerance;

  @Option(names = "--loss-tolerance", paramLabel = "NATS",
      description = "Largest allowed rise of the test loss, nats (default: the baseline's own, else 0.1).")
  Double lossTolerance;

  @Option(names = "--seed", defaultValue = "7", description = "Seed for test words, sampled prompts and sampling, without a baseline (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--test-words", defaultValue = "200", description = "Number of test words, without a baseline (default ${DEFAULT-VALUE}).")
  int testWords;

  @Option(names = "--decode", defaultValue = "both", paramLabel = "MODE",
      description = {"greedy, sample or both (default ${DEFAULT-VALUE}), without a baseline. greedy: one completion a prompt, the",
          "published convention; sample: --samples completions a prompt at --temperature, each prompt's",
          "rate with the prompt as the unit of its interval."})
  String decode;

  @Option(names = "--samples", defaultValue = "16", paramLabel = "K", description = "Sampled completions per prompt (default ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T", description = "Sampling temperature (default ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--max-sampled-prompts", defaultValue = "256", paramLabel = "N",
      description = "Sample on at most N prompts per set, a seeded subset (0: all; default ${DEFAULT-VALUE}).")
  int maxSampledPrompts;

  @Override
  public Integer call() {
    checkTolerance("--tolerance", tolerance);
    checkTolerance("--loss-tolerance", lossTolerance);
    if (baseline != null && writeBaseline != null && sameFile(baseline, writeBaseline))
      throw new UserError("--write-baseline " + writeBaseline + " is the file given to --baseline: the comparison would then be with these very metrics,"
          + " and a degraded checkpoint would pass the next run; write the new baseline to another file");
    Baseline base = baseline == null ? null : Baseline.read(baseline);
    if ((checkpoint == null) == (model == null)) throw new UserError("give either --checkpoint DIR or --model torchscript:FILE");
    if (junit != null && base == null) throw new UserError("--junit writes the comparison with a baseline: give --baseline FILE too");
    if (model != null) return evaluateTorchScript(base);
    ModelCard card = Checkpoint.readCard(checkpoint);
    Language lang = Languages.standard().get(language != null ? language : card.language());
    if (!card.language().equals(lang.name()))
      throw new UserError(checkpoint + " was trained on " + card.language() + ", not " + lang.name() + ": its metrics on " + lang.name() + " would mean nothing");
    checkBaselineFits(base, lang);
    Baseline.Settings settings = base != null ? base.evaluation() : settings(SequenceLength.longestWord(lang.maxWordLength(), card.training().sequenceLength()));
    Measured current;
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, manager, new Checkpoint.Expected(lang.vocabulary(), lang.name(), lang.grammarHash()));
      current = measure(loaded.model(), lang, settings, base);
    }
    return conclude(lang, base, settings, card.parametersSha256(), current, String.valueOf(checkpoint));
  }

  /** A NaN tolerance would pass every check (nothing compares true with NaN); a negative one means nothing. */
  private static void checkTolerance(String option, Double value) {
    if (value != null && (!Double.isFinite(value) || value < 0))
      throw new UserError(option + " " + value + ": a tolerance must be a finite number at least 0");
  }

  /** Whether two paths name one file: the same canonical path (symbolic links followed), or, when both exist, the same file (hard links). */
  static boolean sameFile(Path a, Path b) {
    if (canonical(a).equals(canonical(b))) return true;
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static Path canonical(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      if (Files.exists(abs)) return abs.toRealPath();
      Path parent = abs.getParent();
      return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(abs.getFileName()) : abs;
    } catch (IOException e) {
      return abs;
    }
  }

  /** The metrics of the model, and of the reference baselines when a gate or a new baseline needs them. */
  private record Measured(Map<String, Metric> metrics, Map<String, Map<String, Metric>> references) {}

  private Baseline.Settings settings(int maxWordLength) {
    boolean greedy = switch (decode) {
      case "greedy", "both" -> true;
      case "sample" -> false;
      default -> throw new UserError("--decode " + decode + ": write greedy, sample or both");
    };
    int k = decode.equals("greedy") ? 0 : samples;
    if (!decode.equals("greedy") && samples < 1) throw new UserError("--samples must be at least 1, not " + samples);
    if (testWords < 1) throw new UserError("--test-words must be at least 1, not " + testWords);
    return new Baseline.Settings(seed, testWords, maxWordLength, new DecodingSettings(greedy, k, temperature, maxSampledPrompts));
  }

  /** A baseline for another language, grammar or vocabulary measures something else: refuse it (exit 2). */
  private void checkBaselineFits(Baseline base, Language lang) {
    if (base == null) return;
    if (!base.language().equals(lang.name()))
      throw new UserError(baseline + " is a baseline for " + base.language() + ", not " + lang.name());
    if (!base.grammarHash().equals(lang.grammarHash()))
      throw new UserError(baseline + ": written for another version of " + lang.name() + "'s grammar (hash " + shortHash(base.grammarHash()) + ", now "
          + shortHash(lang.grammarHash()) + "): the prompts and rules differ, so the metrics cannot be compared; write the baseline anew");
    String vocabulary = Baseline.vocabularyHash(lang.vocabulary());
    if (!base.vocabularyHash().equals(vocabulary))
      throw new UserError(baseline + ": written for another vocabulary (hash " + shortHash(base.vocabularyHash()) + ", now " + shortHash(vocabulary)
          + "): token ids would mean other symbols");
  }

  private static String shortHash(String h) {
    return h.length() > 12 ? h.substring(0, 12) : h;
  }

  private Measured measure(LanguageModel m, Language lang, Baseline.Settings settings, Baseline base) {
    LanguageSampler sampler = new LanguageSampler(lang, null, settings.maxWordLength());
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<int[]> test = new ArrayList<>();
    for (int i = 0; i < settings.testWords(); i++) test.add(sampler.sample(random));
    Map<String, List<int[]>> prompts = CellData.prompts(lang, settings.seed());
    IntUnaryOperator budget = DecodingSettings.budgetToReach(sampler.lengths().max());
    UniformChance chance = new UniformChance(lang);
    Map<String, Metric> metrics = Evaluation.run(m, lang, test, prompts, settings.decoding(), budget, settings.seed(), chance).metrics();
    Map<String, Map<String, Metric>> references = new LinkedHashMap<>();
    boolean needed = writeBaseline != null || (base != null && !base.mustBeatBaselines().isEmpty());
    if (needed) {
      // The references go through exactly the code path the checkpoint did.
      try (NDManager manager = NDManager.newBaseManager()) {
        for (String name : REFERENCES) {
          var reference = ModelZoo.create(ModelZoo.defaults(name), lang.vocabulary().size(), manager, settings.seed());
          references.put(name, Evaluation.run(reference, lang, test, prompts, settings.decoding(), budget, settings.seed(), chance).metrics());
        }
      }
    }
    return new Measured(metrics, references);
  }

  /** The baselines every checkpoint must beat where it once did. */
  static final List<String> REFERENCES = List.of("uniform", "stop-at-once");

  private int evaluateTorchScript(Baseline base) {
    if (!model.startsWith("torchscript:")) throw new UserError("--model " + model + ": write torchscript:FILE");
    if (language == null) throw new UserError("--model torchscript:FILE needs --language: a TorchScript file carries no model card");
    Language lang = Languages.standard().get(language);
    checkBaselineFits(base, lang);
    Path file = Path.of(model.substring("torchscript:".length()));
    Baseline.Settings settings = base != null ? base.evaluation() : settings(SequenceLength.longestWord(lang.maxWordLength(), positions));
    Measured current;
    try (org.rulex.model.TorchScriptModel ts = org.rulex.model.TorchScriptModel.load(file, lang.vocabulary(), positions)) {
      current = measure(ts, lang, settings, base);
    }
    return conclude(lang, base, settings, "torchscript:" + file.getFileName(), current, model);
  }

  private int conclude(Language lang, Baseline base, Baseline.Settings settings, String parametersId, Measured current, String what) {
    double rateTol = tolerance != null ? tolerance : base != null ? base.tolerance() : 0.05;
    double lossTol = lossTolerance != null ? lossTolerance : base != null ? base.lossTolerance() : 0.1;
    int exit = 0;
    if (base == null) {
      for (Metric m : current.metrics().values())
        System.out.printf("%-42s %8.4f%s%n", m.name(), m.value(), m.hasInterval() ? String.format("  [%.3f, %.3f]  (%d/%d)", m.low(), m.high(), m.successes(), m.trials()) : "");
    } else {
      // The comparison with the old baseline comes first, whatever --write-baseline says.
      List<Regression.Check> checks = Regression.gate(base, current.metrics(), current.references(), rateTol, lossTol);
      System.out.println("rulex eval: " + what + " against " + baseline);
      System.out.printf("tolerances: rate drop %.3f (%s), loss rise %.3f nats (%s)%n", rateTol, tolerance != null ? "--tolerance" : "the baseline's",
          lossTol, lossTolerance != null ? "--loss-tolerance" : "the baseline's");
      System.out.println(Regression.diff(checks));
      if (junit != null) AtomicFile.write(junit, Regression.junitXml("rulex.eval." + lang.name(), checks));
      exit = Regression.anyFailed(checks) ? 1 : 0;
    }
    if (writeBaseline != null) {
      List<String> mustBeat = Regression.beaten(current.metrics(), current.references());
      Baseline written = new Baseline(Baseline.SCHEMA, lang.name(), lang.grammarHash(), Baseline.vocabularyHash(lang.vocabulary()), parametersId, settings,
          rateTol, lossTol, current.metrics(), mustBeat);
      written.write(writeBaseline);
      long kept = current.metrics().values().stream().filter(m -> Double.isFinite(m.value())).count();
      System.out.println("wrote baseline " + writeBaseline + " (" + kept + " metrics" + (kept < current.metrics().size() ? ", " + (current.metrics().size() - kept)
          + " without a value left out" : "") + "; above uniform and stop-at-once on " + mustBeat.size() + " of them, which later checkpoints must stay above)");
    }
    return exit;
  }
}
