package org.rulex.suite.rules;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.rulex.model.LanguageModel;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TrainableModel;
import org.rulex.suite.Draws;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainStep;

/**
 * The in-context test of one model at one rho and seed: meta-train on a stream of episodes (a
 * fraction rho sparse-rule, the rest exemplar), then test on fresh episodes of both kinds (the
 * in-distribution accuracy) and on partial-exposure episodes beside their controls. The control
 * episodes are the partial-exposure ones with AU in place of AX, drawn from the same stream, so
 * each pairs with one partial-exposure episode (same design, same order).
 */
final class InContextRun {
  private static final long TRAIN = 1, TEST = 2, PROBE = 3;
  private static final int PROBE_EPISODES = 256;

  private final RulesSpec spec;
  private final Tokens tokens;
  private final Episodes episodes;

  InContextRun(RulesSpec spec) {
    this.spec = spec;
    this.tokens = spec.tokens();
    this.episodes = new Episodes(tokens, spec.inContext().loss(), spec.design());
  }

  JsonObject run(String modelName, double rho, int seed, PrintStream log) {
    RulesSpec.InContext settings = spec.inContext();
    ModelConfig config = spec.model(modelName);
    List<Episode> probe = draw(PROBE_EPISODES, Draws.of(seed, PROBE), episodes::exemplar);
    List<Episode> ruleProbe = draw(PROBE_EPISODES, Draws.of(seed, PROBE, 1), episodes::sparseRule);
    TrainConfig train = new TrainConfig(settings.steps(), settings.batchSize(), settings.learningRate(), settings.weightDecay(), 0,
        settings.clipNorm(), settings.steps(), 0, seed, Integer.MAX_VALUE);
    JsonArray curve = new JsonArray();
    JsonObject result = new JsonObject();
    result.addProperty("test", "inContext");
    result.addProperty("model", modelName);
    result.addProperty("rho", rho);
    result.addProperty("seed", seed);
    result.addProperty("steps", settings.steps());
    result.addProperty("loss", settings.loss().key());
    result.add("modelConfig", ModelZoo.toJson(config));
    long start = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, tokens.vocabularySize(), manager, seed);
      double sum = 0;
      int since = 0;
      try (TrainStep step = new TrainStep(model, train, manager)) {
        for (int s = 1; s <= settings.steps(); s++) {
          Draws draws = Draws.of(seed, TRAIN, s);
          List<Episode> batch = draw(settings.batchSize(), draws, d -> episodes.training(d, rho));
          sum += step.run(Readout.batch(batch));
          since++;
          if (s % settings.logEvery() == 0 || s == settings.steps()) {
            double accuracy = InContextResult.Score.of(Readout.labels(model, manager, tokens, probe), probe).argmaxRule();
            double ruleAccuracy = InContextResult.Score.of(Readout.labels(model, manager, tokens, ruleProbe), ruleProbe).argmaxRule();
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonObject point = new JsonObject();
            point.addProperty("step", s);
            point.addProperty("loss", sum / since);
            point.addProperty("exemplarAccuracy", accuracy);
            point.addProperty("ruleAccuracy", ruleAccuracy);
            curve.add(point);
            log.printf(Locale.ROOT, "%s rho %.2f seed %d: step %d, loss %.4f, exemplar accuracy %.3f, rule accuracy %.3f, %.0f s%n",
                modelName, rho, seed, s, sum / since, accuracy, ruleAccuracy, seconds);
            sum = 0;
            since = 0;
          }
        }
      }
      test(model, manager, seed, result);
    }
    result.addProperty("trainSeconds", (System.nanoTime() - start) / 1e9);
    result.add("curve", curve);
    return result;
  }

  /**
   * Scores a model on fresh episodes of each training kind and on partial exposure beside its
   * control (the same designs and order in both), adding them to result. Trained models and the
   * scripted reference learners go through this one method.
   */
  void test(LanguageModel model, NDManager manager, int seed, JsonObject result) {
    int n = spec.inContext().evalEpisodes();
    result.add("exemplar", score(model, manager, draw(n, Draws.of(seed, TEST, 0), episodes::exemplar)).toJson());
    result.add("rule", score(model, manager, draw(n, Draws.of(seed, TEST, 1), episodes::sparseRule)).toJson());
    for (PartialExposure.Condition condition : PartialExposure.Condition.values())
      result.add(condition.key(), score(model, manager, draw(n, Draws.of(seed, TEST, 2), d -> episodes.partialExposure(d, condition))).toJson());
  }

  /** A scripted learner's unit: the same tests as a trained model's at seed 0, without training. */
  JsonObject reference(ReferenceLearner.Strategy strategy) {
    JsonObject result = new JsonObject();
    result.addProperty("test", "reference");
    result.addProperty("learner", strategy.key());
    try (NDManager manager = NDManager.newBaseManager()) {
      test(new ReferenceLearner(strategy, tokens), manager, 0, result);
    }
    return result;
  }

  private InContextResult.Score score(LanguageModel model, NDManager manager, List<Episode> test) {
    return InContextResult.Score.of(Readout.labels(model, manager, tokens, test), test);
  }

  /** n episodes from one stream, in order. */
  private static List<Episode> draw(int n, Draws draws, Function<Draws, Episode> kind) {
    List<Episode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(kind.apply(draws));
    return out;
  }
}
