package org.rulex.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rulex.UserError;
import org.rulex.bench.CellData;
import org.rulex.dataset.Dataset;
import org.rulex.dataset.DatasetWriter;
import org.rulex.decode.Decoder;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.score.Completion;
import org.rulex.score.PromptSetRules;
import org.rulex.train.Checkpoint;
import org.rulex.train.Provenance;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainResult;
import org.rulex.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
      "The data is a dataset from 'rulex generate' (--data DIR), or generated here into",
      "OUT/data from the seed. --config FILE is a JSON object with optional \"model\" (the",
      "architecture's sizes, see 'rulex train --model X --print-config') and \"training\" (steps,",
      "batchSize, learningRate, weightDecay, warmupSteps, clipNorm, validateEvery, patience,",
      "seed, maxLength). Afterwards the best checkpoint completes the in-distribution prompts",
      "greedily and the share of completions in the language is printed.",
      ""
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--language", required = true, paramLabel = "NAME", description = "Language name or alias.")
  String language;

  @Option(names = "--model", defaultValue = "transformer", paramLabel = "ARCH", description = "transformer, lstm, linear-attention, mamba, xlstm, linear or uniform (default ${DEFAULT-VALUE}).")
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

  @Override
  public Integer call() {
    Language lang = Languages.standard().get(language);
    JsonObject run = readConfig();
    JsonObject modelJson = run.has("model") ? run.getAsJsonObject("model") : ModelZoo.toJson(ModelZoo.defaults(model));
    if (!modelJson.has("architecture")) modelJson.addProperty("architecture", model);
    ModelConfig modelConfig = ModelZoo.fromJson(modelJson);
    TrainConfig training = run.has("training") ? TrainConfig.fromJson(run.get("training").toString()) : TrainConfig.DEFAULTS.withSeed(seed);
    if (!run.has("training") || !run.getAsJsonObject("training").has("seed")) training = training.withSeed(seed);
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
    Trainer trainer = new Trainer(training, lang.vocabulary(), new Provenance(lang.name(), lang.grammarHash(), dataset.manifestSha256()));
    TrainResult result = resume ? trainer.resume(out, dataset.train(), dataset.val()) : trainer.train(modelConfig, dataset.train(), dataset.val(), out);
    System.out.printf("best checkpoint: %s (step %d, validation loss %.4f)%n", result.best(), result.bestCard().bestStep(), result.bestCard().bestValLoss());
    reportCompletions(lang, result.best(), training.maxLength());
    return 0;
  }

  private Dataset generate(Language lang, TrainConfig training) {
    Path dir = out.resolve("data");
    int maxWord = Math.min(lang.maxLength(), training.maxLength() - 2);
    DatasetWriter.write(lang, new DatasetWriter.Options(2000, 200, 200, null, maxWord, seed), dir, false);
    return Dataset.load(dir);
  }

  private JsonObject readConfig() {
    if (config == null) return new JsonObject();
    try {
      JsonElement e = JsonParser.parseString(Files.readString(config));
      if (!e.isJsonObject()) throw new UserError(config + ": a run configuration is a JSON object with \"model\" and \"training\"");
      return e.getAsJsonObject();
    } catch (IOException ex) {
      throw new UserError(config + ": cannot read: " + ex.getMessage());
    } catch (com.google.gson.JsonParseException ex) {
      throw new UserError(config + ": invalid JSON: " + ex.getMessage());
    }
  }

  /** Greedy completions of the ID prompts by the best checkpoint: how many land in the language. */
  private void reportCompletions(Language lang, Path best, int maxLength) {
    Map<String, List<int[]>> prompts = CellData.prompts(lang, seed);
    List<int[]> id = prompts.get(PromptSetRules.ID_NAME);
    if (id == null || id.isEmpty()) return;
    try (NDManager manager = NDManager.newBaseManager()) {
      var loaded = Checkpoint.load(best, manager, new Checkpoint.Expected(lang.vocabulary(), lang.name(), lang.grammarHash()));
      List<Completion> cs = Decoder.complete(loaded.model(), id, Decoder.Settings.greedy(Math.max(1, maxLength - 2 - id.get(0).length)));
      long members = cs.stream().filter(c -> c.finished() && lang.accepts(c.word())).count();
      System.out.printf("greedy completions of the %d in-distribution prompts: %d in %s (%.1f%%)%n", cs.size(), members, lang.name(), 100.0 * members / cs.size());
      var v = lang.vocabulary();
      for (Completion c : cs.subList(0, Math.min(5, cs.size())))
        System.out.printf("  %s|%s%s%n", v.decode(c.prompt()), v.decode(c.completion()), c.finished() ? "" : " (no EOS)");
    }
  }
}
