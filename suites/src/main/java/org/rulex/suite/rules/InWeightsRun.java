package org.rulex.suite.rules;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TrainableModel;
import org.rulex.suite.Draws;
import org.rulex.train.Batch;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainStep;

/**
 * The in-weights test of one model in one condition: for each seed, train from scratch on the six
 * items (AW l0, AX or AU l0, BW l1 twice, CY l2, CZ l2), each a sequence "SOS stimulus" with its
 * label as the target, full batch; then read the labels the model gives BX. Seed i draws the same
 * design and the same initial weights in both conditions, so the exemplar pull pairs by seed.
 */
final class InWeightsRun {
  private static final long DESIGN = 1;

  private final RulesSpec spec;
  private final Tokens tokens;

  InWeightsRun(RulesSpec spec) {
    this.spec = spec;
    this.tokens = spec.tokens();
  }

  JsonObject run(String modelName, PartialExposure.Condition condition, PrintStream log) {
    RulesSpec.InWeights settings = spec.inWeights();
    ModelConfig config = spec.model(modelName);
    JsonArray seeds = new JsonArray();
    long start = System.nanoTime();
    for (int seed = 0; seed < settings.seeds(); seed++) {
      PartialExposure design = PartialExposure.draw(Draws.of(seed, DESIGN), tokens.values(), tokens.labels());
      List<Episode> items = new ArrayList<>();
      for (Item item : spec.design() == RulesSpec.Design.V2 ? design.balancedTraining(condition) : design.training(condition))
        items.add(Episode.of(tokens, List.of(), new boolean[0], item.stimulus(), item.label(), -1));
      Episode probe = Episode.of(tokens, List.of(), new boolean[0], design.probe(), design.l1(), design.l0());
      Batch batch = Readout.batch(items);
      TrainConfig train = new TrainConfig(
          settings.steps(), items.size(), settings.learningRate(), settings.weightDecay(), 0, settings.clipNorm(), settings.steps(), 0, seed, 2);
      try (NDManager manager = NDManager.newBaseManager()) {
        TrainableModel model = ModelZoo.create(config, tokens.vocabularySize(), manager, seed);
        double loss = Double.NaN;
        try (TrainStep step = new TrainStep(model, train, manager)) {
          for (int s = 0; s < settings.steps(); s++) loss = step.run(batch);
        }
        InContextResult.Score fit = InContextResult.Score.of(Readout.labels(model, manager, tokens, items), items);
        InContextResult.Score test = InContextResult.Score.of(Readout.labels(model, manager, tokens, List.of(probe)), List.of(probe));
        JsonObject o = test.toJson();
        o.remove("episodes");
        o.addProperty("seed", seed);
        o.addProperty("finalLoss", loss);
        o.addProperty("trainAccuracy", fit.argmaxRule());
        o.add("design", design(design));
        seeds.add(o);
        log.printf(java.util.Locale.ROOT, "%s %s seed %d: loss %.4f, train accuracy %.2f, P(rule) %.3f, P(distractor) %.3f, %.1f s%n",
            modelName, condition.key(), seed, loss, fit.argmaxRule(), test.pRule(), test.pDistractor(), (System.nanoTime() - start) / 1e9);
      }
    }
    JsonObject out = new JsonObject();
    out.addProperty("test", "inWeights");
    out.addProperty("model", modelName);
    out.addProperty("condition", condition.key());
    out.add("modelConfig", ModelZoo.toJson(config));
    out.add("seeds", seeds);
    return out;
  }

  private static JsonObject design(PartialExposure d) {
    JsonObject o = new JsonObject();
    int[] values = {d.a(), d.b(), d.c(), d.w(), d.x(), d.y(), d.z(), d.u(), d.l0(), d.l1(), d.l2()};
    String[] names = {"A", "B", "C", "W", "X", "Y", "Z", "U", "l0", "l1", "l2"};
    for (int i = 0; i < names.length; i++) o.addProperty(names[i], values[i]);
    return o;
  }
}
