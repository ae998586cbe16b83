package org.rulex.suite.rules;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rulex.UserError;
import org.rulex.json.FieldError;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.suite.BuiltInSpec;

/**
 * The settings of the rules suite, as its spec file gives them (keys left out take {@link #DEFAULTS}).
 *
 * @param design which design of the suite (see {@link Design})
 * @param values values per feature (16: stimuli are 16 x 16 composite ids)
 * @param labels labels (4)
 * @param models model name -> configuration (ModelZoo JSON without "factors": the suite adds them)
 * @param inWeights the in-weights test
 * @param inContext the in-context test
 */
record RulesSpec(
    String suite, Design design, int values, int labels, Map<String, JsonObject> models, InWeights inWeights, InContext inContext) {

  /**
   * Which design of the suite: v1 (the first, kept so that its runs read and rerun as they were) or
   * v2 (balanced test, graded-similarity exemplar episodes, cue-conflict rule episodes, reference
   * learners). A spec that leaves the key out is read as v1: every spec written before the key was
   * meant v1 (see {@link RulesSuite#fromSpec}).
   */
  enum Design {
    @com.google.gson.annotations.SerializedName("v1")
    V1,
    @com.google.gson.annotations.SerializedName("v2")
    V2;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Training on the partial-exposure items themselves, full batch.
   *
   * @param models which models, by name
   * @param reference the model criterion 1 reads (the 2-layer transformer)
   * @param seeds seeds per model and condition; seed i draws the design and the weights, the same in both conditions
   */
  record InWeights(List<String> models, String reference, int seeds, int steps, double learningRate, double weightDecay, double clipNorm) {
    InWeights {
      positive("inWeights.seeds", seeds);
      positive("inWeights.steps", steps);
      rate("inWeights", learningRate, weightDecay, clipNorm);
    }
  }

  /**
   * Meta-training on episodes, then partial-exposure episodes and their controls in context.
   *
   * @param reference the model criteria 2 and 3 read (the 2-layer transformer)
   * @param rhos fractions of sparse-rule episodes in meta-training, one training run each
   * @param seeds seeds per model and rho; seed s gives the same weights and episode stream at every rho
   * @param otherModels a smaller grid for the models other than the reference (null: the reference's),
   *     so that every architecture is measured in context within the suite's time budget
   * @param evalEpisodes episodes per test (exemplar, rule, partial exposure, control)
   * @param logEvery a progress line (loss, exemplar accuracy on a small probe set) every this many steps
   * @param loss where the meta-training loss falls (see {@link LossAt})
   */
  record InContext(
      List<String> models,
      String reference,
      List<Double> rhos,
      int seeds,
      int steps,
      int batchSize,
      double learningRate,
      double weightDecay,
      double clipNorm,
      int evalEpisodes,
      int logEvery,
      Grid otherModels,
      LossAt loss) {
    InContext {
      if (loss == null) throw new FieldError("loss", "inContext.loss must be \"determined\" or \"query\"");
      if (rhos == null || rhos.isEmpty()) throw new FieldError("rhos", "inContext.rhos must list at least one fraction");
      for (double rho : rhos) if (!(rho >= 0 && rho <= 1)) throw new FieldError("rhos", "inContext.rhos must lie in [0, 1], not " + rho);
      if (new HashSet<>(rhos).size() != rhos.size()) throw new FieldError("rhos", "inContext.rhos lists a fraction twice: " + rhos);
      positive("inContext.seeds", seeds);
      positive("inContext.steps", steps);
      positive("inContext.batchSize", batchSize);
      positive("inContext.evalEpisodes", evalEpisodes);
      positive("inContext.logEvery", logEvery);
      rate("inContext", learningRate, weightDecay, clipNorm);
      if (otherModels != null)
        for (double rho : otherModels.rhos())
          if (!rhos.contains(rho))
            throw new FieldError("rhos", "inContext.otherModels.rhos: " + rho + " is not one of inContext.rhos " + rhos
                + " (when left out, otherModels is the built-in spec's; give it, or null for the reference's grid)");
    }

    /** The fractions of sparse-rule episodes one model is meta-trained at. */
    List<Double> rhos(String model) {
      return model.equals(reference) || otherModels == null ? rhos : otherModels.rhos();
    }

    /** The seeds one model is meta-trained with at each of its rhos. */
    int seeds(String model) {
      return model.equals(reference) || otherModels == null ? seeds : otherModels.seeds();
    }
  }

  /**
   * Where the meta-training loss falls in an episode. The query's label is always a target;
   * "determined" also makes a target of every context label the items before it already fix (a
   * repeated stimulus in an exemplar episode, a repeated value of the deciding feature in a rule
   * episode), "query" of nothing else. The PyTorch cross-check found that the choice decides how
   * an exemplar-trained model (rho = 0) meets the new stimulus BX (results/suite-rules-loss-query/README.md).
   */
  enum LossAt {
    @com.google.gson.annotations.SerializedName("determined")
    DETERMINED,
    @com.google.gson.annotations.SerializedName("query")
    QUERY;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Which runs a model other than the reference gets in context: the same steps and episodes,
   * fewer fractions and seeds.
   *
   * @param rhos a subset of inContext.rhos, so that its rows line up with the reference's
   */
  record Grid(List<Double> rhos, int seeds) {
    Grid {
      if (rhos == null || rhos.isEmpty()) throw new FieldError("rhos", "inContext.otherModels.rhos must list at least one fraction");
      if (new HashSet<>(rhos).size() != rhos.size()) throw new FieldError("rhos", "inContext.otherModels.rhos lists a fraction twice: " + rhos);
      positive("inContext.otherModels.seeds", seeds);
    }
  }

  /** Model names become parts of unit keys (separated by "__") and file names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

  // After NAME: the constructor reads it.
  /** The built-in spec, suites/rules.json: the values of every key a spec leaves out. */
  static final RulesSpec DEFAULTS = BuiltInSpec.read("rules", RulesSpec.class);

  /** The built-in spec of design v1, suites/rules-v1.json: the defaults of a spec that means v1. */
  static final RulesSpec DEFAULTS_V1 = BuiltInSpec.read("rules-v1", RulesSpec.class);

  RulesSpec {
    if (design == null) throw new FieldError("design", "design must be \"v1\" or \"v2\"");
    if (values < 5) throw new FieldError("values", "values must be at least 5 (the design uses W, X, Y, Z and U), not " + values);
    if (labels < 3) throw new FieldError("labels", "labels must be at least 3 (3 classes an episode), not " + labels);
    if (models == null || models.isEmpty()) throw new FieldError("models", "models must name at least one model");
    for (String name : models.keySet())
      if (!NAME.matcher(name).matches()) throw new FieldError("models", "model name \"" + name + "\" must be letters, digits, '.' and '-'");
    for (String name : inWeights.models()) known(models, name, "inWeights.models");
    for (String name : inContext.models()) known(models, name, "inContext.models");
    known(models, inWeights.reference(), "inWeights.reference");
    known(models, inContext.reference(), "inContext.reference");
    if (!inWeights.models().contains(inWeights.reference())) throw new FieldError("reference", "inWeights.reference must be one of inWeights.models");
    if (!inContext.models().contains(inContext.reference())) throw new FieldError("reference", "inContext.reference must be one of inContext.models");
  }

  Tokens tokens() {
    return new Tokens(labels, values);
  }

  /** A model's configuration with the factored input the suite needs; a spec that sets factors itself is refused. */
  ModelConfig model(String name) {
    JsonObject json = models.get(name).deepCopy();
    if (json.has("factors")) throw new FieldError("models", "models." + name + ": leave out \"factors\": the suite sets them to [values, values]");
    JsonArray factors = new JsonArray();
    for (int f : tokens().factors()) factors.add(f);
    json.add("factors", factors);
    try {
      return ModelZoo.fromJson(json);
    } catch (UserError e) {
      throw new FieldError("models", "models." + name + ": " + e.getMessage());
    }
  }

  private static void known(Map<String, JsonObject> models, String name, String where) {
    if (!models.containsKey(name)) throw new UserError(where + ": no model \"" + name + "\" (models: " + String.join(", ", models.keySet()) + ")");
  }

  private static void positive(String field, int value) {
    if (value < 1) throw new UserError(field + " must be at least 1, not " + value);
  }

  private static void rate(String part, double learningRate, double weightDecay, double clipNorm) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new UserError(part + ".learningRate must be positive, not " + learningRate);
    if (!(weightDecay >= 0)) throw new UserError(part + ".weightDecay must be at least 0, not " + weightDecay);
    if (!(clipNorm >= 0)) throw new UserError(part + ".clipNorm must be at least 0 (0: no clipping), not " + clipNorm);
  }
}
