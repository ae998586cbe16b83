package org.rulex.suite.rules;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rulex.UserError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.model.ModelConfig;
import org.rulex.suite.Suite;
import org.rulex.suite.SuiteContext;
import org.rulex.suite.SuiteReport;

/**
 * Suite A-RULES (seed paper 000, Chan et al. 2022): do models generalise by rule or by exemplar,
 * from their weights and from their context? Units: weights__MODEL__CONDITION (every seed of one
 * model in one condition: the runs are tiny) and context__MODEL__rhoRHO__sSEED (one meta-training
 * run).
 */
public final class RulesSuite implements Suite {
  static final String SCHEMA = "rulex.suite.rules/1";

  private final RulesSpec spec;

  RulesSuite(RulesSpec spec) {
    this.spec = spec;
  }

  /** Binds a spec strictly (unknown keys, wrong types and out-of-range values are errors) and checks its models build. */
  public static RulesSuite fromSpec(JsonNode.Obj tree) {
    RulesSpec spec = StrictJson.bind(tree, RulesSpec.class, RulesSpec.DEFAULTS);
    int longest = 2 + 2 * Episodes.CLASSES * Episodes.REPEATS;
    for (String name : spec.models().keySet()) {
      ModelConfig config = spec.model(name);
      if (spec.inContext().models().contains(name) && config.maxLength() < longest)
        throw new UserError("models." + name + ": maxLength " + config.maxLength() + " is shorter than an episode (" + longest + " tokens)");
    }
    return new RulesSuite(spec);
  }

  RulesSpec spec() {
    return spec;
  }

  @Override
  public String name() {
    return "rules";
  }

  @Override
  public String schema() {
    return SCHEMA;
  }

  @Override
  public List<String> units() {
    List<String> keys = new ArrayList<>();
    for (String model : spec.inWeights().models())
      for (PartialExposure.Condition c : PartialExposure.Condition.values()) keys.add(weightsKey(model, c));
    // Seed by seed: a run cut short has every model and rho at the first seeds.
    int seeds = 0;
    for (String model : spec.inContext().models()) seeds = Math.max(seeds, spec.inContext().seeds(model));
    for (int seed = 0; seed < seeds; seed++)
      for (String model : spec.inContext().models())
        for (double rho : spec.inContext().rhos(model))
          if (seed < spec.inContext().seeds(model)) keys.add(contextKey(model, rho, seed));
    return Collections.unmodifiableList(keys);
  }

  static String weightsKey(String model, PartialExposure.Condition condition) {
    return "weights__" + model + "__" + condition.key();
  }

  static String contextKey(String model, double rho, int seed) {
    return "context__" + model + "__rho" + String.format(Locale.ROOT, "%.2f", rho) + "__s" + seed;
  }

  @Override
  public JsonObject runUnit(String key, SuiteContext context) {
    for (String model : spec.inWeights().models())
      for (PartialExposure.Condition c : PartialExposure.Condition.values())
        if (key.equals(weightsKey(model, c))) return new InWeightsRun(spec).run(model, c, context.log());
    for (String model : spec.inContext().models())
      for (double rho : spec.inContext().rhos(model))
        for (int seed = 0; seed < spec.inContext().seeds(model); seed++)
          if (key.equals(contextKey(model, rho, seed))) return new InContextRun(spec).run(model, rho, seed, context.log());
    throw new UserError("the rules suite has no unit \"" + key + "\" (units: " + String.join(", ", units()) + ")");
  }

  @Override
  public SuiteReport report(Map<String, JsonObject> results) {
    return new RulesReport(spec, units()).build(results);
  }
}
