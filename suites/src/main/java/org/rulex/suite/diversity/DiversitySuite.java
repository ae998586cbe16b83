package org.rulex.suite.diversity;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.suite.SuiteContext;
import org.rulex.suite.SuiteReport;
import org.rulex.suite.UnitSuite;

/**
 * Suite C-DIVERSITY (issue 14): task diversity and the emergence of in-context learning. C1 is the
 * spin-glass paper's own setting (Li, Bai and Huang 2024): merged linear attention on in-context
 * linear regression, swept over the number of pretraining tasks P, beside the exact minimiser. C2
 * is its analogue on tokens: in-context Markov chains from a pool of K training chains, swept over
 * K, beside the exact Bayes and pool-posterior predictors.
 *
 * <p>Units: regression__dD__sSEED (the whole P sweep of a dimension and seed; it is cheap) and
 * markov__ARCHITECTURE__KSIZE__sSEED (one model trained), KSIZE being a pool size or inf.
 */
public final class DiversitySuite extends UnitSuite<DiversitySuite.Unit> {
  public static final String NAME = "diversity";
  public static final String SCHEMA = "rulex.suite.diversity/3";

  /**
   * What a unit key stands for: a regression sweep of one dimension (architecture null), or one
   * Markov-chain model (dimension 0).
   */
  record Unit(String architecture, int poolSize, int dimension, long seed) {}

  private final DiversitySpec spec;

  public DiversitySuite(DiversitySpec spec) {
    super(NAME, SCHEMA);
    this.spec = spec;
    for (long seed : spec.regression().seeds())
      for (int d : spec.regression().dimensions()) units.add(regressionKey(d, seed), new Unit(null, 0, d, seed));
    for (long seed : spec.seeds())
      for (String architecture : spec.markov().architectures().keySet())
        for (int k : poolSizes()) units.add(markovKey(architecture, k, seed), new Unit(architecture, k, 0, seed));
  }

  /** Builds the suite from its spec tree, strictly. */
  public static DiversitySuite fromSpec(JsonNode.Obj tree) {
    // The architectures read once from the located tree first, so that their errors name the spec's line and column.
    JsonNode.Member markov = tree.members().get("markov");
    JsonNode.Member archs = markov != null && markov.value() instanceof JsonNode.Obj m ? m.members().get("architectures") : null;
    if (archs != null && archs.value() instanceof JsonNode.Obj located)
      for (JsonNode.Member a : located.members().values()) {
        try {
          org.rulex.model.ModelZoo.fromJson(a.value());
        } catch (org.rulex.json.JsonError e) {
          throw new org.rulex.json.JsonError(e.location(), "markov.architectures." + a.key() + ": " + e.reason());
        }
      }
    return new DiversitySuite(StrictJson.bind(tree, DiversitySpec.class, DiversitySpec.DEFAULTS));
  }

  static String regressionKey(int dimension, long seed) {
    return "regression__d" + dimension + "__s" + seed;
  }

  static String markovKey(String architecture, int poolSize, long seed) {
    return "markov__" + architecture + "__K" + InContextMarkov.poolLabel(poolSize) + "__s" + seed;
  }

  /** The pool sizes in sweep order, 0 (fresh chains, K infinite) last. */
  List<Integer> poolSizes() {
    List<Integer> k = new ArrayList<>(spec.markov().poolSizes());
    Collections.sort(k);
    if (spec.markov().freshChains()) k.add(0);
    return k;
  }

  public DiversitySpec spec() {
    return spec;
  }

  @Override
  protected Class<? extends Record> resultType(Unit unit) {
    return unit.architecture() == null ? RegressionResult.class : MarkovResult.class;
  }

  @Override
  protected JsonObject run(Unit unit, SuiteContext context) {
    if (unit.architecture() == null) return new InContextRegression(spec.regression()).run(unit.dimension(), unit.seed(), context.log());
    return new InContextMarkov(spec.markov()).run(unit.architecture(), unit.poolSize(), unit.seed(), context.log());
  }

  @Override
  public SuiteReport report(Map<String, JsonObject> results) {
    return new DiversityReport(this).build(results);
  }

  /** The unit a key stands for (null for none). */
  Unit unit(String key) {
    return units.get(key);
  }
}
