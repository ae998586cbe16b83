package org.rulex.suite.rules;

import com.google.gson.JsonObject;
import java.util.Locale;
import java.util.Map;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.model.ModelConfig;
import org.rulex.suite.SuiteContext;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.UnitSuite;

/**
 * Suite A-RULES (seed paper 000, Chan et al. 2022): do models generalise by rule or by exemplar,
 * from their weights and from their context? Units: weights__MODEL__CONDITION (every seed of one
 * model in one condition: the runs are tiny) and context__MODEL__rhoRHO__sSEED (one meta-training
 * run); design v2 adds reference__rule and reference__exemplar (the scripted learners).
 */
public final class RulesSuite extends UnitSuite<RulesSuite.Unit> {
  static final String SCHEMA = "rulex.suite.rules/2";

  /** One unit: every seed of one model in one condition, in weights, or one meta-training run. */
  sealed interface Unit {}

  record InWeights(String model, PartialExposure.Condition condition) implements Unit {}

  record InContext(String model, double rho, int seed) implements Unit {}

  /** A scripted reference learner scored on the in-context tests (design v2). */
  record Reference(ReferenceLearner.Strategy strategy) implements Unit {}

  private final RulesSpec spec;

  RulesSuite(RulesSpec spec) {
    super("rules", SCHEMA);
    this.spec = spec;
    if (spec.design() == RulesSpec.Design.V2)
      for (ReferenceLearner.Strategy strategy : ReferenceLearner.Strategy.values()) units.add(referenceKey(strategy), new Reference(strategy));
    for (String model : spec.inWeights().models())
      for (PartialExposure.Condition c : PartialExposure.Condition.values()) units.add(weightsKey(model, c), new InWeights(model, c));
    // Seed by seed: a run cut short has every model and rho at the first seeds.
    int seeds = 0;
    for (String model : spec.inContext().models()) seeds = Math.max(seeds, spec.inContext().seeds(model));
    for (int seed = 0; seed < seeds; seed++)
      for (String model : spec.inContext().models())
        for (double rho : spec.inContext().rhos(model))
          if (seed < spec.inContext().seeds(model)) units.add(contextKey(model, rho, seed), new InContext(model, rho, seed));
  }

  /** Binds a spec strictly (unknown keys, wrong types and out-of-range values are errors) and checks its models build. */
  public static RulesSuite fromSpec(JsonNode.Obj tree) {
    // A spec without "design" was written for v1 (before the key existed): it means v1, and the
    // keys it leaves out take v1's built-in values, so that v1 runs read and resume as they ran.
    JsonNode.Member design = tree.members().get("design");
    boolean v1 = design == null || design.value() instanceof JsonNode.Str d && d.value().equals("v1");
    if (design == null) {
      java.util.Map<String, JsonNode.Member> members = new java.util.LinkedHashMap<>(tree.members());
      members.put("design", new JsonNode.Member("design", tree.at(), new JsonNode.Str(tree.at(), "v1")));
      tree = new JsonNode.Obj(tree.at(), members);
    }
    RulesSpec spec = StrictJson.bind(tree, RulesSpec.class, v1 ? RulesSpec.DEFAULTS_V1 : RulesSpec.DEFAULTS);
    int longest = 2 + 2 * Episodes.CLASSES * Episodes.REPEATS;
    JsonNode.Member given = tree.members().get("models");
    // Each model read once from the located tree first, so that its errors name the spec's line and column.
    if (given != null && given.value() instanceof JsonNode.Obj located)
      for (JsonNode.Member m : located.members().values()) {
        try {
          org.rulex.model.ModelZoo.fromJson(m.value());
        } catch (JsonError e) {
          throw new JsonError(e.location(), "models." + m.key() + ": " + e.reason());
        }
      }
    for (String name : spec.models().keySet()) {
      ModelConfig config = spec.model(name);
      if (spec.inContext().models().contains(name) && config.maxPositions() < longest) {
        String message = "models." + name + ": maxPositions " + config.maxPositions() + " is shorter than an episode (" + longest + " tokens)";
        JsonNode.Member m = given != null && given.value() instanceof JsonNode.Obj o ? o.members().get(name) : null;
        if (m == null) throw new UserError(message);
        JsonNode.Member at = m.value() instanceof JsonNode.Obj mo ? mo.members().get("maxPositions") : null;
        throw new JsonError(at == null ? m.value().at() : at.value().at(), message);
      }
    }
    return new RulesSuite(spec);
  }

  RulesSpec spec() {
    return spec;
  }

  static String weightsKey(String model, PartialExposure.Condition condition) {
    return "weights__" + model + "__" + condition.key();
  }

  static String referenceKey(ReferenceLearner.Strategy strategy) {
    return "reference__" + strategy.key();
  }

  static String contextKey(String model, double rho, int seed) {
    return "context__" + model + "__rho" + String.format(Locale.ROOT, "%.2f", rho) + "__s" + seed;
  }

  /** The record a rules spec binds to (package-private; its JSON Schema is derived from it). */
  public static Class<? extends Record> specType() {
    return RulesSpec.class;
  }

  @Override
  protected Class<? extends Record> resultType(Unit unit) {
    if (unit instanceof Reference) return ReferenceResult.class;
    return unit instanceof InWeights ? InWeightsResult.class : InContextResult.class;
  }

  @Override
  protected JsonObject run(Unit unit, SuiteContext context) {
    if (unit instanceof Reference r) return new InContextRun(spec).reference(r.strategy());
    if (unit instanceof InWeights w) return new InWeightsRun(spec).run(w.model(), w.condition(), context.log());
    InContext c = (InContext) unit; // the only other kind (sealed)
    return new InContextRun(spec).run(c.model(), c.rho(), c.seed(), context.log());
  }

  @Override
  public SuiteReport report(Map<String, JsonObject> results) {
    return spec.design() == RulesSpec.Design.V2 ? new RulesReportV2(spec, units()).build(results) : new RulesReport(spec, units()).build(results);
  }
}
