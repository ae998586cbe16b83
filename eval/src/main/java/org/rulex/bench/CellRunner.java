package org.rulex.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rulex.evaluate.Evaluation;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.result.CellResult;
import org.rulex.result.Provenance;
import org.rulex.result.Results;
import org.rulex.train.Checkpoint;
import org.rulex.train.ModelCard;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainResult;
import org.rulex.train.Trainer;
import org.rulex.train.ValidationPoint;

/**
 * One cell of a sweep, start to finish: data from the grammar, training with early stopping,
 * then everything measured at the best-validation-loss checkpoint: test loss, greedy
 * completions of every prompt set, rule scores. Writes the cell's result last, atomically, so
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
    long t0 = System.currentTimeMillis();
    Language lang = Languages.standard().get(cell.language());
    CellData data = CellData.generate(lang, preset.data(), cell.seed(), out.resolve("data").resolve(cell.key()));
    log.printf("%s: %d train, %d val, %d test words; prompt sets %s%n", cell.key(), data.train().size(), data.val().size(), data.test().size(), data.promptCounts());

    JsonObject modelJson = preset.modelConfigs().get(cell.model()).deepCopy();
    ModelConfig modelConfig = ModelZoo.fromJson(modelJson);
    JsonObject trainingJson = preset.trainingFor(cell.model());
    trainingJson.addProperty("seed", cell.seed());
    TrainConfig training = TrainConfig.fromJson(trainingJson.toString());
    Path runDir = out.resolve("checkpoints").resolve(cell.key());
    org.rulex.train.Provenance provenance = new org.rulex.train.Provenance(lang.name(), lang.grammarHash(), data.datasetHash());
    Trainer trainer = new Trainer(training, lang.vocabulary(), provenance).progressTo(log);
    TrainResult trained = java.nio.file.Files.exists(runDir.resolve(Trainer.LAST))
        ? trainer.resume(runDir, data.train(), data.val())
        : trainer.train(modelConfig, data.train(), data.val(), runDir);

    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded best = Checkpoint.load(trained.best(), manager, new Checkpoint.Expected(lang.vocabulary(), lang.name(), lang.grammarHash()));
      ModelCard card = best.card();
      Evaluation.Outcome outcome = Evaluation.run(best.model(), lang, data.test(), data.prompts(), preset.decoding()::budget, cell.seed());
      List<CellResult.CurvePoint> curve = new ArrayList<>();
      for (ValidationPoint p : trained.lastCard().validation()) curve.add(new CellResult.CurvePoint(p.step(), Double.NaN, p.valLoss()));
      CellResult result = new CellResult(CellResult.SCHEMA,
          new CellResult.Config(lang.name(), lang.aliases(), lang.grammarHash(), cell.model(), modelJson, trainingJson, cell.seed(), preset.name()),
          Provenance.versions(), Provenance.gitRevision(Languages.home()), data.datasetHash(),
          new CellResult.SampleCounts(data.train().size(), data.val().size(), data.test().size(), outcome.promptCounts()),
          card.steps(), outcome.test(), outcome.promptSets(), curve, (System.currentTimeMillis() - t0) / 1000.0);
      Results.writePromptRecords(out.resolve("completions").resolve(cell.key() + ".jsonl"), outcome.records());
      Results.writeAtomically(BenchRunner.resultFile(out, cell), result);
      return result;
    }
  }
}
