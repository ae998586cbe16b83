package org.rulex.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.rulex.decode.TestLoss;
import org.rulex.decode.DecodingSettings;
import org.rulex.evaluate.Evaluation;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.model.LanguageModel;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.result.CellResult;
import org.rulex.result.Exactness;
import org.rulex.result.Provenance;
import org.rulex.result.Results;
import org.rulex.score.PromptRecord;
import org.rulex.score.PromptSetRules;
import org.rulex.score.PromptSetScore;
import org.rulex.score.TokenMetrics;
import org.rulex.score.UniformChance;
import org.rulex.train.Checkpoint;
import org.rulex.train.ModelCard;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainResult;
import org.rulex.train.TrainingData;
import org.rulex.train.Trainer;
import org.rulex.train.ValidationPoint;

/**
 * One cell of a sweep, start to finish: data from the grammar, training with early stopping,
 * then everything measured at the selected checkpoint (see {@link CellData} for the selection
 * rule): test loss, excess loss over the training distribution's entropy and the "learned"
 * verdict, greedy and sampled completions of every prompt set, rule scores with chance levels. Writes the cell's result last, atomically, so
 * a result file exists only for a finished cell.
 */
public final class CellRunner {
  private final Preset preset;
  private final Path out;
  private final PrintStream log;

  public CellRunner(Preset preset, Path out, PrintStream log) {
    this.preset = preset;
    this.out = out;
    this.log = log;
  }

  public CellResult run(Cell cell) {
    if (!preset.cells().contains(cell)) throw new org.rulex.UserError("cell " + cell.key() + " is not a cell of preset " + preset.name());
    long t0 = System.currentTimeMillis();
    Language lang = Languages.standard().get(cell.language());
    Path dataDir = out.resolve("data").resolve(cell.key());
    CellData data = CellData.generate(lang, preset.dataFor(cell.language()), preset.learned().distributionWords(), cell.seed(), dataDir);
    if (preset.decoding().scoresComplement()) data = data.withComplement(lang);
    log.printf("%s: %d train, %d selection, %d test words (%s split); prompt sets %s%n", cell.key(), data.train().size(), data.selection().size(),
        data.test().size(), data.splitMode(), data.promptCounts());
    ExternalModel external = preset.external(cell.model());
    if (external != null) return runExternal(cell, external, lang, data, dataDir, t0);

    JsonObject modelJson = preset.modelConfigFor(cell.language(), cell.model());
    ModelConfig modelConfig = ModelZoo.fromJson(modelJson);
    JsonObject trainingJson = preset.trainingFor(cell.language(), cell.model());
    trainingJson.addProperty("seed", cell.seed());
    TrainConfig training = TrainConfig.fromJson(trainingJson.toString());
    Path runDir = out.resolve("checkpoints").resolve(cell.key());
    TrainingData trainedOn = new TrainingData(lang.name(), lang.grammarHash(), data.datasetHash());
    Trainer trainer = new Trainer(training, lang.vocabulary(), trainedOn).progressTo(log);
    if (preset.computesPublishedProtocol()) trainer.addListener(PublishedProtocol.keepChecks(runDir));
    // A cell killed while writing a checkpoint resumes, or, with nothing to resume from, starts over.
    String recovered = Trainer.recover(runDir);
    if (recovered != null) log.printf("%s: %s%n", cell.key(), recovered);
    boolean resuming = java.nio.file.Files.exists(runDir.resolve(Trainer.LAST));
    if (resuming)
      log.printf("%s: resuming the interrupted training from %s at step %d%n", cell.key(), runDir.resolve(Trainer.LAST),
          Checkpoint.readCard(runDir.resolve(Trainer.LAST)).steps());
    TrainResult trained = resuming
        ? trainer.resume(runDir, data.train(), data.selection())
        : trainer.train(modelConfig, data.train(), data.selection(), runDir);

    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded best = Checkpoint.load(trained.best(), manager, new Checkpoint.Expected(lang.vocabulary(), lang.name(), lang.grammarHash()));
      ModelCard card = best.card();
      UniformChance uniform = new UniformChance(lang);
      Measured m = measure(best.model(), lang, data, preset.decoding(), preset.learned(), cell.seed(), uniform);
      List<CellResult.CurvePoint> curve = new ArrayList<>();
      for (ValidationPoint p : trained.lastCard().validation())
        curve.add(new CellResult.CurvePoint(p.step(), p.trainLoss() == null ? Double.NaN : p.trainLoss(), p.valLoss()));
      CellResult.PublishedProtocol protocol = preset.computesPublishedProtocol()
          ? PublishedProtocol.evaluate(runDir, lang, data.prompts(), preset.decoding().budgetFor(data.longestMember()), cell.seed(), card.steps(), uniform)
          : null;
      return write(cell, lang, data, dataDir, modelJson, trainingJson, m, card.steps(), curve, protocol, null, t0);
    }
  }

  /**
   * A cell of a model the bench does not train: the model is opened (file loaded, or process
   * started), then measured and written exactly as a trained model's best checkpoint is. No
   * training, no curve, no published protocol (it reads training's checks); checkpoint step 0.
   */
  private CellResult runExternal(Cell cell, ExternalModel external, Language lang, CellData data, Path dataDir, long t0) {
    try (ExternalModel.Opened opened = external.open(cell.model(), lang, cell.seed(), data.longestMember())) {
      log.printf("%s: external model, not trained: %s%n", cell.key(), opened.origin().describe());
      Measured m = measure(opened.model(), lang, data, preset.decoding(), preset.learned(), cell.seed(), new UniformChance(lang));
      JsonObject modelJson = Preset.GSON.toJsonTree(external).getAsJsonObject();
      return write(cell, lang, data, dataDir, modelJson, new JsonObject(), m, 0, List.of(), null, opened.origin(), t0);
    }
  }

  /** The cell's result, written last and atomically, with its completions beside it. */
  private CellResult write(Cell cell, Language lang, CellData data, Path dataDir, JsonObject modelJson, JsonObject trainingJson, Measured m, long step,
      List<CellResult.CurvePoint> curve, CellResult.PublishedProtocol protocol, CellResult.Origin origin, long t0) {
    Evaluation.Outcome outcome = m.outcome();
    CellResult result = new CellResult(CellResult.SCHEMA,
        new CellResult.Config(lang.name(), lang.aliases(), lang.grammarHash(), cell.model(), modelJson, trainingJson, cell.seed(), preset.name()),
        Provenance.versions(), Provenance.gitRevision(Languages.home()), Provenance.gitDirty(Languages.home()), data.datasetHash(),
        new CellResult.SampleCounts(data.train().size(), data.selection().size(), data.test().size(), outcome.promptCounts()),
        new CellResult.Selection(data.splitMode(), data.selectionRule()),
        step, outcome.test(), m.convergence(), m.heldOutLengths(),
        CellResult.EvaluationSettings.of(preset.decoding(), budgetRule(preset.decoding()), data.longestMember()),
        outcome.promptSets(), curve, (System.currentTimeMillis() - t0) / 1000.0, protocol, Exactness.read(dataDir), origin);
    Results.writePromptRecords(out.resolve("completions").resolve(cell.key() + ".jsonl"), outcome.records());
    Results.writeAtomically(BenchRunner.resultFile(out, cell), result);
    return result;
  }

  /** How the budget follows from the prompt, in words, for the result. */
  static final String BUDGET_RULE = "longest member length - prompt length + 1 (EOS included): every prompt can reach the longest member and end";

  /** The budget rule a result records: the derived one, or the preset's fixed budget. */
  static String budgetRule(DecodingSettings d) {
    return d.budget() == null ? BUDGET_RULE : "fixed: " + d.budget() + " new tokens (EOS included) for every prompt, set by the preset";
  }

  /** What a trained model measures on its cell's data, the same for a bench cell and for `rulex train`. */
  public record Measured(Evaluation.Outcome outcome, CellResult.Convergence convergence, TokenMetrics heldOutLengths) {}

  /**
   * Evaluates a model on its cell's data: test loss, greedy and/or sampled completions scored with
   * chance levels, excess loss on fresh draws of the training distribution and the learned
   * verdict (ID in-language sampled when there is sampling), and with a split by length, the loss
   * on the held-out lengths.
   */
  public static Measured measure(LanguageModel model, Language lang, CellData data, DecodingSettings d, Preset.Learned l, long seed, UniformChance uniform) {
    Evaluation.Outcome outcome = Evaluation.run(model, lang, data.test(), data.prompts(), d, d.budgetFor(data.longestMember()), seed, uniform);
    double loss = TestLoss.evaluate(model, data.distribution(), 64).loss();
    PromptSetScore id = outcome.promptSet(PromptSetRules.ID_NAME, false);
    if (id == null) id = outcome.promptSet(PromptSetRules.ID_NAME, true);
    Double idRate = id == null || !id.inLanguage().overAllPrompts().isDefined() ? null : id.inLanguage().overAllPrompts().rate();
    String idLabel = id == null ? "none" : id.decoding().label();
    if (id != null && !data.heldOutLengths().isEmpty()) {
      // With a split by length, an ID prompt such as a^7 b has exactly one completion (a^7 b^7); when its length is held out, a
      // model that learned what it was trained on cannot produce it. Whether it learned is judged on the ID prompts that some
      // training word extends; completing the others is length generalisation, which heldOutLengths measures.
      Set<String> completable = new HashSet<>();
      for (int[] p : extendedByTraining(data.prompts().get(PromptSetRules.ID_NAME), data.train())) completable.add(lang.vocabulary().decode(p));
      String mode = id.decoding().mode();
      long n = 0;
      long hits = 0;
      for (PromptRecord r : outcome.records())
        if (r.set().equals(PromptSetRules.ID_NAME) && r.decoding().equals(mode) && completable.contains(r.prompt())) {
          n++;
          if (r.finished() && r.inLanguage()) hits++;
        }
      idRate = n == 0 ? null : (double) hits / n;
      idLabel += ", on the " + completable.size() + " of " + data.prompts().get(PromptSetRules.ID_NAME).size() + " ID prompts a training word extends";
    }
    CellResult.Convergence convergence = CellResult.Convergence.judge(data.entropy(), loss, data.distribution().size(), idRate, idLabel,
        l.maxExcessLoss(), l.minIdInLanguage());
    TokenMetrics heldOutLengths = data.heldOutLengths().isEmpty() ? null : TestLoss.evaluate(model, data.heldOutLengths(), 64);
    return new Measured(outcome, convergence, heldOutLengths);
  }

  /** The prompts that are a prefix of some training word. */
  static List<int[]> extendedByTraining(List<int[]> prompts, List<int[]> train) {
    List<int[]> out = new ArrayList<>();
    for (int[] p : prompts)
      for (int[] w : train)
        if (w.length >= p.length && Arrays.equals(w, 0, p.length, p, 0, p.length)) {
          out.add(p);
          break;
        }
    return out;
  }
}
