package org.rulex.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rulex.SequenceLength;
import org.rulex.RulexVersion;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TrainableModel;

/**
 * Trains a model on words of a language: AdamW with an inverse-square-root warm-up, global-norm
 * gradient clipping, cross-entropy over real (non-PAD) targets, validation loss every k steps,
 * early stopping on it, and two checkpoints in the run directory: best/ (lowest validation loss)
 * and last/ (to resume from, with the optimizer state).
 *
 * <p>Words are alphabet ids; the trainer adds SOS in front, EOS at the end, and pads with PAD.
 */
public final class Trainer {
  public static final String BEST = "best";
  public static final String LAST = "last";

  private final TrainConfig config;
  private final Vocabulary vocabulary;
  private final TrainingData provenance;
  private final List<TrainListener> listeners = new ArrayList<>();
  private NDManager parentManager;
  private PrintStream progress = System.err;

  public Trainer(TrainConfig config, Vocabulary vocabulary, TrainingData provenance) {
    this.config = config;
    this.vocabulary = vocabulary;
    this.provenance = provenance;
  }

  /** Adds an observer of steps and validation checks. */
  public Trainer addListener(TrainListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Where progress goes (stderr by default); null for none. */
  public Trainer progressTo(PrintStream out) {
    this.progress = out;
    return this;
  }

  /** Creates the model's arrays under this manager instead of a fresh base manager. */
  public Trainer inManager(NDManager parent) {
    this.parentManager = parent;
    return this;
  }

  /**
   * Trains a fresh model, weights drawn from the configured seed.
   *
   * @throws UserError if the run directory already holds a run, or the data does not fit
   */
  public TrainResult train(ModelConfig modelConfig, List<int[]> train, List<int[]> val, Path runDir) {
    if (Files.exists(runDir.resolve(LAST)) || Files.exists(runDir.resolve(BEST)))
      throw new UserError(runDir + " already holds a training run (best/, last/): continue it with --resume, or choose another --out");
    checkData(train, val, modelConfig);
    try (NDManager manager = newManager()) {
      TrainableModel model = ModelZoo.create(modelConfig, vocabulary.size(), manager, config.seed());
      return new Run(model, manager, train, val, runDir).go();
    }
  }

  /**
   * Puts a run directory that a killed process left behind into a state {@link #train} or
   * {@link #resume} accepts, for a caller that owns the directory (a bench cell). A checkpoint
   * replacement cut short between its renames is undone (the complete previous best/ or last/
   * comes back from its ".old" sibling); half-written temporary directories are deleted; and a run
   * that still has no last/ and best/ to resume from (cut short while writing its first
   * checkpoints) loses its checkpoints, so that it trains afresh. Only checkpoints are deleted:
   * `rulex train` keeps its generated data in the same directory.
   *
   * @return one line saying what was done, or null if the directory needed nothing
   */
  public static String recover(Path runDir) {
    if (!Files.isDirectory(runDir)) return null;
    List<String> done = new ArrayList<>();
    try {
      for (String name : List.of(BEST, LAST)) {
        Path dir = runDir.resolve(name);
        if (AtomicDirectory.restorePrevious(dir)) done.add("restored " + name + "/ from ." + name + ".old (a checkpoint replacement cut short)");
        org.rulex.AtomicFile.removeLeftovers(dir);
      }
      if (Files.isDirectory(runDir.resolve(LAST)) && Files.isDirectory(runDir.resolve(BEST)))
        return done.isEmpty() ? null : String.join("; ", done) + "; resuming from last/";
      if (!Files.exists(runDir.resolve(BEST)) && !Files.exists(runDir.resolve(LAST))) return done.isEmpty() ? null : String.join("; ", done);
      for (String name : List.of(BEST, LAST)) org.rulex.AtomicFile.deleteTree(runDir.resolve(name));
    } catch (IOException e) {
      throw new UserError(runDir + ": cannot recover the interrupted run: " + e.getMessage(), e);
    }
    return "discarded the partial run in " + runDir + " (no complete best/ and last/ to resume from: it was cut short writing its first checkpoints); training afresh";
  }

  /**
   * Continues the run in {@code runDir} from its last/ checkpoint: same data order, optimizer
   * moments and schedule position, up to this trainer's step count.
   *
   * @throws UserError if the checkpoint is missing, damaged, or from other data or settings
   */
  public TrainResult resume(Path runDir, List<int[]> train, List<int[]> val) {
    Path last = runDir.resolve(LAST);
    ModelCard card = Checkpoint.readCard(last);
    Path cardFile = last.resolve(Checkpoint.CARD);
    if (card.training().seed() != config.seed() || card.training().batchSize() != config.batchSize())
      throw new UserError(cardFile + ": the run used seed " + card.training().seed() + " and batch size " + card.training().batchSize()
          + "; resuming with other values would change its data order");
    if (!card.datasetHash().equals(provenance.datasetHash()))
      throw new UserError(cardFile + ": the run was trained on dataset " + card.datasetHash() + ", not " + provenance.datasetHash());
    checkData(train, val, card.modelConfig());
    try (NDManager manager = newManager()) {
      Checkpoint.Loaded loaded = Checkpoint.load(last, manager, new Checkpoint.Expected(vocabulary, provenance.language(), provenance.grammarHash()));
      Run run = new Run(loaded.model(), manager, train, val, runDir);
      run.restore(card, last);
      return run.go();
    }
  }

  private NDManager newManager() {
    return parentManager == null ? NDManager.newBaseManager() : parentManager.newSubManager();
  }

  private void checkData(List<int[]> train, List<int[]> val, ModelConfig modelConfig) {
    if (train.isEmpty()) throw new UserError("no training words");
    if (val.isEmpty()) throw new UserError("no validation words: validation loss drives early stopping and best/");
    int longest = Math.max(check(train, "training"), check(val, "validation"));
    // The model reads SOS and the word; the final EOS is a target, never an input.
    if (SequenceLength.ofWord(longest) - 1 > modelConfig.maxPositions())
      throw new UserError(
          "the longest word has " + longest + " symbols; the model reads at most " + modelConfig.maxPositions()
              + " tokens (SOS included): raise its maxPositions");
  }

  private int check(List<int[]> words, String name) {
    int longest = 0;
    for (int i = 0; i < words.size(); i++) {
      int[] w = words.get(i);
      if (SequenceLength.ofWord(w.length) > config.sequenceLength())
        throw new UserError(name + " word " + i + " has " + w.length + " symbols; training sequenceLength " + config.sequenceLength()
            + " allows " + SequenceLength.longestWord(config.sequenceLength()) + " (SOS and EOS take two)");
      for (int id : w)
        if (!vocabulary.isSymbol(id))
          throw new UserError(name + " word " + i + " contains id " + id + ", not a symbol of the alphabet " + vocabulary.symbols());
      longest = Math.max(longest, w.length);
    }
    return longest;
  }

  /** One run's state: model, optimizer, position in the data, validation history. */
  private final class Run {
    private final TrainableModel model;
    private final NDManager manager;
    private final List<int[]> train;
    private final List<int[]> val;
    private final Path runDir;
    private final List<ValidationPoint> history = new ArrayList<>();
    private int steps;
    private int bestStep = -1;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int checksSinceBest;
    private byte[] optimizerState;
    private ModelCard bestCard;

    Run(TrainableModel model, NDManager manager, List<int[]> train, List<int[]> val, Path runDir) {
      this.model = model;
      this.manager = manager;
      this.train = train;
      this.val = val;
      this.runDir = runDir;
    }

    void restore(ModelCard card, Path last) {
      steps = card.steps();
      history.addAll(card.validation());
      bestStep = card.bestStep();
      bestLoss = card.bestValLoss();
      for (ValidationPoint p : history) checksSinceBest = p.step() > bestStep ? checksSinceBest + 1 : 0;
      try {
        optimizerState = Checkpoint.readOptimizerState(last);
      } catch (IOException e) {
        throw new UserError(last.resolve(Checkpoint.OPTIMIZER) + ": cannot read: " + e.getMessage(), e);
      }
      bestCard = Checkpoint.readCard(runDir.resolve(BEST));
    }

    TrainResult go() {
      Progress shown = progress == null ? null : new Progress(progress, steps, config.steps());
      if (!model.isTrainable()) {
        // Nothing to optimise (the uniform baseline): one validation, and the checkpoints.
        if (history.isEmpty()) validate(0, Double.NaN, shown);
        return result(false, shown);
      }
      try (TrainStep stepper = new TrainStep(model, config, manager)) {
        if (optimizerState != null) restoreOptimizer(stepper);
        DataOrder order = new DataOrder(train.size(), config.batchSize(), config.seed());
        double lossSum = 0;
        int lossCount = 0;
        while (steps < config.steps()) {
          // Dropout masks follow from (seed, step): a resumed run draws the ones it would have drawn.
          Engine.getInstance().setRandomSeed(Long.hashCode(config.seed() * 31 + steps));
          List<int[]> words = new ArrayList<>();
          for (int i : order.batch(steps)) words.add(train.get(i));
          double loss = stepper.run(Batch.of(words));
          steps++;
          if (!Double.isFinite(loss))
            throw new UserError("training diverged: loss " + loss + " at step " + steps + "; try a lower learningRate or clipNorm");
          lossSum += loss;
          lossCount++;
          for (TrainListener l : listeners) l.stepped(steps, loss);
          if (shown != null) shown.stepped(steps, loss);
          if (steps % config.validateEvery() == 0 || steps == config.steps()) {
            optimizerState = stepper.optimizer().encodeState();
            validate(steps, lossSum / lossCount, shown);
            lossSum = 0;
            lossCount = 0;
            if (config.patience() > 0 && checksSinceBest >= config.patience()) return result(true, shown);
          }
        }
      }
      if (history.isEmpty() || history.get(history.size() - 1).step() != steps) validate(steps, Double.NaN, shown);
      return result(false, shown);
    }

    private void restoreOptimizer(TrainStep stepper) {
      try {
        stepper.optimizer().restore(optimizerState, steps);
      } catch (RuntimeException e) {
        throw new UserError(runDir.resolve(LAST).resolve(Checkpoint.OPTIMIZER) + ": damaged optimizer state: " + e.getMessage(), e);
      }
    }

    private void validate(int step, double trainLoss, Progress shown) {
      double valLoss = TeacherForcedLoss.mean(model, val, config.batchSize(), manager);
      if (!Double.isFinite(valLoss))
        throw new UserError("training diverged: validation loss " + valLoss + " at step " + step + "; try a lower learningRate or clipNorm");
      history.add(new ValidationPoint(step, valLoss, Double.isNaN(trainLoss) ? null : trainLoss));
      boolean improved = valLoss < bestLoss || bestStep < 0;
      if (improved) {
        bestLoss = valLoss;
        bestStep = step;
        checksSinceBest = 0;
      } else {
        checksSinceBest++;
      }
      try {
        if (improved) bestCard = Checkpoint.write(runDir.resolve(BEST), model, card(), null);
        Checkpoint.write(runDir.resolve(LAST), model, card(), optimizerState);
      } catch (IOException e) {
        throw new UserError("cannot write a checkpoint in " + runDir + ": " + e, e);
      }
      ValidationEvent event = new ValidationEvent(step, config.steps(), trainLoss, valLoss, improved, bestStep, bestLoss);
      if (shown != null) shown.validated(event);
      for (TrainListener l : listeners) l.validated(event);
    }

    private TrainResult result(boolean stoppedEarly, Progress shown) {
      if (shown != null)
        shown.finished(
            (stoppedEarly ? "stopped early after " : "finished after ") + steps + " steps; best validation loss "
                + String.format(java.util.Locale.ROOT, "%.4f", bestLoss) + " at step " + bestStep + " -> " + runDir.resolve(BEST));
      return new TrainResult(
          runDir.resolve(BEST), runDir.resolve(LAST), bestCard, Checkpoint.readCard(runDir.resolve(LAST)), stoppedEarly);
    }

    private ModelCard card() {
      return new ModelCard(
          ModelCard.FORMAT,
          ModelZoo.toJson(model.config()),
          vocabulary.symbols(),
          provenance.language(),
          provenance.grammarHash(),
          provenance.datasetHash(),
          config.seed(),
          steps,
          List.copyOf(history),
          bestStep,
          bestLoss,
          config,
          model.parameterCount(),
          null,
          RulexVersion.VERSION,
          Engine.getDjlVersion(),
          Engine.getInstance().getVersion());
    }
  }
}
