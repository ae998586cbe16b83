package org.rulex.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rulex.decode.DecodingSettings;
import org.rulex.SequenceLength;
import org.rulex.UserError;
import org.rulex.bench.CellData;
import org.rulex.bench.CellRunner;
import org.rulex.bench.Preset;
import org.rulex.result.CellResult;
import org.rulex.score.PromptSetScore;
import org.rulex.train.ModelCard;
import org.rulex.train.RunConfig;
import org.rulex.dataset.Dataset;
import org.rulex.dataset.DatasetWriter;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.score.PromptSetRules;
import org.rulex.train.Checkpoint;
import org.rulex.train.TrainingData;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainResult;
import org.rulex.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains one model on one language to a checkpoint. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train one model on one language: AdamW with inverse-square-root warm-up, gradient",
      "clipping, loss over non-PAD targets, validation every k steps, early stopping; the",
      "best-validation checkpoint is kept in OUT/best and the latest in OUT/last (both written",
      "atomically). --resume continues an interrupted run from OUT/last.",
      "",
      "Warning: --resume loads the checkpoint in OUT/last, parsed by native code: resume",
      "only runs from a source you trust.",
      "",
      "The data is a dataset from 'rulex generate' (--data DIR), or generated here into",
      "OUT/data from the seed. --config FILE is a JSON object with optional \"model\" (the",
      "architecture's sizes, see 'rulex train --model X --print-config') and \"training\" (steps,",
      "batchSize, learningRate, weightDecay, warmupSteps, clipNorm, validateEvery, patience,",
      "seed, sequenceLength). --resume takes the configuration and seed from OUT/last. The",
      "checkpoint is selected as in 'rulex bench': on held-out words where the splits are by",
      "word, on fresh words of the training lengths where they are by length. Afterwards the",
      "best checkpoint's excess loss over the training distribution's entropy, its learned",
      "verdict and its in-distribution completions (greedy and 16 sampled a prompt) are printed.",
      ""
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--language", required = true, paramLabel = "NAME", description = "Language name or alias.")
  String language;

  @Option(names = "--model", defaultValue = "transformer", paramLabel = "ARCH", completionCandidates = ZooNames.class,
      description = "One of the zoo's architectures: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--config", paramLabel = "FILE", description = "Run configuration JSON (model and training settings).")
  Path config;

  @Option(names = "--data", paramLabel = "DIR", description = "A dataset written by 'rulex generate' (default: generate one from --seed).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory for the checkpoints.")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for data, weights and data order (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--steps", paramLabel = "N", description = "Optimiser steps (overrides the config).")
  Integer steps;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
  boolean resume;

  @Option(names = "--print-config", description = "Print the run configuration that would be used, and exit.")
  boolean printConfig;

  @Spec CommandSpec spec;

  /** How `rulex train` measures its best checkpoint: the bench's quick settings. */
  static final DecodingSettings DECODING = new DecodingSettings(true, 16, 1.0, 256);
  static final Preset.Learned LEARNED = new Preset.Learned(0.05, 0.9, 512);

  @Override
  public Integer call() {
    Language lang = Languages.standard().get(language);
    ModelConfig modelConfig;
    TrainConfig training;
    // A run killed while writing a checkpoint is put back into a state to resume or start over.
    String recovered = Trainer.recover(out);
    if (recovered != null && resume && !Files.isDirectory(out.resolve(Trainer.LAST)))
      throw new UserError(out + ": nothing to resume: the run was cut short while writing its first checkpoints, so it had no last/; "
          + "its partial checkpoints were discarded: start it again without --resume");
    if (recovered != null) System.err.println("rulex train: " + recovered);
    if (resume) {
      // The run's own card says what it was: read it before anything is generated or trained.
      ModelCard card = Checkpoint.readCard(out.resolve(Trainer.LAST));
      if (config != null) throw new UserError("--resume continues " + out + " with its own configuration (" + out.resolve(Trainer.LAST) + "): drop --config");
      if (explicit("--model") && !model.equals(card.modelConfig().architecture()))
        throw new UserError("--model " + model + ": the run in " + out + " trains a " + card.modelConfig().architecture());
      if (explicit("--seed") && seed != card.training().seed())
        throw new UserError("--seed " + seed + ": the run in " + out + " was started with seed " + card.training().seed());
      if (!card.language().equals(lang.name())) throw new UserError(out + " trains " + card.language() + ", not " + lang.name());
      modelConfig = card.modelConfig();
      training = card.training();
      seed = training.seed();
    } else {
      RunConfig run = RunConfig.read(config);
      if (run.model() != null && explicit("--model") && !model.equals(run.model().architecture()))
        throw new UserError("--model " + model + " contradicts " + config + ", whose model is a " + run.model().architecture() + ": give one of them");
      modelConfig = run.model() != null ? run.model() : ModelZoo.defaults(model);
      training = run.training() != null ? run.training() : TrainConfig.DEFAULTS;
      if (run.training() == null || !run.seedGiven()) training = training.withSeed(seed);
      else seed = training.seed();
    }
    if (steps != null) training = training.withSteps(steps);
    if (printConfig) {
      JsonObject show = new JsonObject();
      show.add("model", ModelZoo.toJson(modelConfig));
      show.add("training", JsonParser.parseString(training.toJson()));
      System.out.println(new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(show));
      return 0;
    }
    Dataset dataset = data != null ? Dataset.load(data) : generate(lang, training);
    if (!dataset.manifest().language().equals(lang.name()))
      throw new UserError(dataset.dir() + ": a dataset of " + dataset.manifest().language() + ", not " + lang.name());
    if (!dataset.manifest().grammarHash().equals(lang.grammarHash()))
      throw new UserError(dataset.dir() + ": made from other grammar files of " + lang.name() + " (grammar hash differs); regenerate it");
    CellData cell = CellData.of(lang, dataset, LEARNED.distributionWords(), seed);
    System.out.println("splits: " + cell.splitMode() + "; checkpoint selection: " + cell.selectionRule());
    Trainer trainer = new Trainer(training, lang.vocabulary(), new TrainingData(lang.name(), lang.grammarHash(), dataset.manifestSha256()));
    TrainResult result = resume ? trainer.resume(out, cell.train(), cell.selection()) : trainer.train(modelConfig, cell.train(), cell.selection(), out);
    System.out.printf("best checkpoint: %s (step %d, selection loss %.4f)%n", result.best(), result.bestCard().bestStep(), result.bestCard().bestValLoss());
    summarise(lang, cell, result.best());
    return 0;
  }

  private boolean explicit(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private Dataset generate(Language lang, TrainConfig training) {
    Path dir = out.resolve("data");
    int longestWord = SequenceLength.longestWord(lang.maxWordLength(), training.sequenceLength());
    DatasetWriter.write(lang, new DatasetWriter.Options(2000, 200, 200, null, longestWord, seed), dir, false);
    return Dataset.load(dir);
  }

  /** The best checkpoint measured as a bench cell would be: convergence, then ID completions greedy and sampled. */
  private void summarise(Language lang, CellData cell, Path best) {
    try (NDManager manager = NDManager.newBaseManager()) {
      var loaded = Checkpoint.load(best, manager, new Checkpoint.Expected(lang.vocabulary(), lang.name(), lang.grammarHash()));
      CellRunner.Measured m = CellRunner.measure(loaded.model(), lang, cell, DECODING, LEARNED, seed, new org.rulex.score.UniformChance(lang));
      CellResult.Convergence c = m.convergence();
      System.out.printf("excess loss %s nats/token over the training distribution's entropy %s; %s%n",
          c.excessLoss() == null ? "unknown" : String.format("%.4f", c.excessLoss()), c.entropy() == null ? "(not exactly known)" : String.format("%.4f", c.entropy()),
          c.verdict());
      for (PromptSetScore s : m.outcome().promptSets()) {
        if (!s.name().equals(PromptSetRules.ID_NAME)) continue;
        var r = s.inLanguage().overAllPrompts();
        System.out.printf("%s completions of the %d in-distribution prompts in %s: %d of %d (%.1f%%)%n", s.decoding().label(), s.prompts(), lang.name(),
            r.successes(), r.trials(), 100.0 * r.rate());
      }
    }
  }
}
