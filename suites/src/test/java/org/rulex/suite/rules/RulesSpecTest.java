package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;
import org.rulex.json.JsonError;
import org.rulex.model.Initialisation;
import org.rulex.model.Lstm;
import org.rulex.model.Transformer;
import org.rulex.suite.Suites;

/** The spec is read strictly, its units follow from it, and its models get the factored input. */
class RulesSpecTest {

  private static RulesSuite parse(String json) {
    return (RulesSuite) Suites.parse(json, "spec.json").suite();
  }

  @Test
  void theBuiltInSpecHasEveryModelInWeightsAndTheRhoSweepInContext() {
    RulesSuite suite = (RulesSuite) Suites.load("rules").suite();
    RulesSpec spec = suite.spec();
    assertEquals(List.of("tf2", "tf1", "lstm"), spec.inWeights().models());
    assertEquals(List.of("tf2-pt", "tf1-pt", "lstm-pt"), spec.inContext().models());
    assertEquals(RulesSpec.Design.V2, spec.design());
    assertEquals(20, spec.inWeights().seeds());
    assertTrue(spec.inContext().rhos().containsAll(List.of(0.0, 1.0)), "criteria 2 and 3 read rho 0 and 1");
    int contextUnits = 0;
    for (String model : spec.inContext().models()) contextUnits += spec.inContext().rhos(model).size() * spec.inContext().seeds(model);
    assertEquals(2 + 2 * 3 + contextUnits, suite.units().size(), "two reference learners, two conditions per model in weights, the grid");
    assertEquals(List.of("reference__rule", "reference__exemplar"), suite.units().subList(0, 2));
    assertTrue(suite.units().contains("weights__lstm__control"));
    assertTrue(suite.units().contains("context__tf2-pt__rho1.00__s0"));
    for (double rho : spec.inContext().rhos("lstm-pt")) assertTrue(suite.units().contains(RulesSuite.contextKey("lstm-pt", rho, 0)));
    assertEquals(Initialisation.PYTORCH, ((Transformer.Config) spec.model("tf2-pt")).init());
    assertEquals(Initialisation.PYTORCH, ((Lstm.Config) spec.model("lstm-pt")).init());
    assertEquals(null, ((Transformer.Config) spec.model("tf2")).init());
    for (String key : suite.units()) assertTrue(key.matches("[A-Za-z0-9._-]+"), key);
    assertEquals(suite.units().size(), new java.util.HashSet<>(suite.units()).size(), "unit keys are unique");
  }

  @Test
  void designV1RunsByNameAndASpecWithoutADesignIsV1WithV1sDefaults() {
    RulesSuite v1 = (RulesSuite) Suites.load("rules-v1").suite();
    assertEquals(RulesSpec.Design.V1, v1.spec().design());
    assertEquals(RulesSpec.DEFAULTS_V1, v1.spec());
    assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), v1.spec().inContext().rhos());
    assertFalse(v1.units().stream().anyMatch(k -> k.startsWith("reference__")), "v1 has no reference learners");
    // A spec written before the key: v1, and the keys it leaves out take v1's values, not v2's.
    RulesSuite old = parse("{\"suite\": \"rules\", \"inWeights\": {\"seeds\": 2}}");
    assertEquals(RulesSpec.Design.V1, old.spec().design());
    assertEquals(RulesSpec.DEFAULTS_V1.inContext(), old.spec().inContext());
    RulesSuite v2 = parse("{\"suite\": \"rules\", \"design\": \"v2\", \"inWeights\": {\"seeds\": 2}}");
    assertEquals(RulesSpec.DEFAULTS.inContext(), v2.spec().inContext());
    assertTrue(v2.units().contains("reference__rule"));
    JsonError bad = assertThrows(JsonError.class, () -> parse("{\"suite\": \"rules\",\n  \"design\": \"v3\"}"));
    assertTrue(bad.getMessage().startsWith("spec.json:2:13"), bad.getMessage());
  }

  @Test
  void modelsGetOneCompositeIdPerStimulus() {
    RulesSpec spec = RulesSpec.DEFAULTS;
    assertEquals(spec, ((RulesSuite) Suites.load("rules").suite()).spec(), "the built-in spec is the defaults written out");
    assertEquals(List.of(16, 16), ((Transformer.Config) spec.model("tf2")).factors());
    assertEquals(List.of(16, 16), ((Lstm.Config) spec.model("lstm")).factors());
    assertEquals(1, ((Transformer.Config) spec.model("tf1")).layers());
    UserError own = assertThrows(UserError.class,
        () -> parse("{\"suite\": \"rules\", \"models\": {\"m\": {\"architecture\": \"lstm\", \"factors\": [2, 2]}}, "
            + " \"inWeights\": {\"models\": [\"m\"], \"reference\": \"m\"}, \"inContext\": {\"models\": [\"m\"], \"reference\": \"m\"}}"));
    assertTrue(own.getMessage().contains("leave out \"factors\""), own.getMessage());
  }

  @Test
  void theLossPlacementIsDeterminedByDefaultAndQueryOnRequest() {
    assertEquals(RulesSpec.LossAt.DETERMINED, RulesSpec.DEFAULTS.inContext().loss());
    RulesSuite query = parse("{\"suite\": \"rules\", \"inContext\": {\"loss\": \"query\"}}");
    assertEquals(RulesSpec.LossAt.QUERY, query.spec().inContext().loss());
    JsonError bad = assertThrows(JsonError.class, () -> parse("{\"suite\": \"rules\",\n  \"inContext\": {\"loss\": \"all\"}}"));
    assertTrue(bad.getMessage().startsWith("spec.json:2:25") && bad.getMessage().contains("\"determined\", \"query\""), bad.getMessage());
  }

  @Test
  void anUnknownKeyIsAnErrorAtItsLineAndColumn() {
    JsonError e = assertThrows(JsonError.class, () -> parse("{\"suite\": \"rules\",\n  \"inContext\": {\"step\": 10}}"));
    assertTrue(e.getMessage().startsWith("spec.json:2:17"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key \"step\""), e.getMessage());
  }

  @Test
  void valuesOutOfRangeAreRefusedWithOneMessage() {
    assertMessage("{\"suite\": \"rules\", \"inContext\": {\"rhos\": [0, 1.5]}}", "rhos must lie in [0, 1]");
    assertMessage("{\"suite\": \"rules\", \"inContext\": {\"rhos\": [0, 0]}}", "lists a fraction twice");
    assertMessage("{\"suite\": \"rules\", \"inWeights\": {\"seeds\": 0}}", "inWeights.seeds must be at least 1");
    assertMessage("{\"suite\": \"rules\", \"values\": 4}", "values must be at least 5");
    assertMessage("{\"suite\": \"rules\", \"inContext\": {\"models\": [\"gpt\"]}}", "no model \"gpt\"");
    assertMessage("{\"suite\": \"rules\", \"inContext\": {\"models\": [\"tf2\"]}}", "inContext.reference must be one of inContext.models");
    assertMessage("{\"suite\": \"rules\", \"inWeights\": {\"learningRate\": 0}}", "learningRate must be positive");
    assertMessage("{\"suite\": \"rules\", \"models\": {\"a__b\": {\"architecture\": \"lstm\"}}}", "must be letters, digits");
    String onlyTf2 = ", \"inWeights\": {\"models\": [\"tf2\"]}, \"inContext\": {\"models\": [\"tf2\"], \"reference\": \"tf2\"}}";
    assertMessage("{\"suite\": \"rules\", \"models\": {\"tf2\": {\"architecture\": \"transformer\", \"maxPositions\": 8}}" + onlyTf2,
        "shorter than an episode");
    assertMessage("{\"suite\": \"rules\", \"models\": {\"tf2\": {\"architecture\": \"mamba\"}}" + onlyTf2, "unknown key \"factors\"");
  }

  @Test
  void modelsBesideTheReferenceRunTheSmallerGrid() {
    RulesSuite suite = parse("{\"suite\": \"rules\", \"inWeights\": {\"models\": [\"tf2\"], \"reference\": \"tf2\"},"
        + " \"inContext\": {\"models\": [\"tf2\", \"lstm\"], \"reference\": \"tf2\", \"rhos\": [0, 0.5, 1], \"seeds\": 2,"
        + " \"otherModels\": {\"rhos\": [1, 0], \"seeds\": 1}}}");
    List<String> context = suite.units().stream().filter(k -> k.startsWith("context__")).toList();
    // Seed by seed, so that a run cut short has every model and rho.
    assertEquals(List.of("context__tf2__rho0.00__s0", "context__tf2__rho0.50__s0", "context__tf2__rho1.00__s0", "context__lstm__rho1.00__s0",
        "context__lstm__rho0.00__s0", "context__tf2__rho0.00__s1", "context__tf2__rho0.50__s1", "context__tf2__rho1.00__s1"), context);
    assertMessage("{\"suite\": \"rules\", \"inContext\": {\"rhos\": [0, 1], \"otherModels\": {\"rhos\": [0.5], \"seeds\": 1}}}",
        "inContext.otherModels.rhos: 0.5 is not one of inContext.rhos");
    assertMessage("{\"suite\": \"rules\", \"inContext\": {\"otherModels\": {\"rhos\": [0], \"seeds\": 0}}}",
        "inContext.otherModels.seeds must be at least 1");
    // Cutting rhos alone leaves the built-in otherModels (rhos 0 and 1) behind: the message says where it came from.
    assertMessage("{\"suite\": \"rules\", \"inContext\": {\"rhos\": [0]}}", "when left out, otherModels is the built-in spec's");
    RulesSuite one = parse("{\"suite\": \"rules\", \"inContext\": {\"rhos\": [0], \"otherModels\": null}}");
    assertEquals(List.of(0.0), one.spec().inContext().rhos("lstm-pt"), "null: every model runs the reference's grid");
  }

  @Test
  void anUnknownUnitIsAUserError() {
    RulesSuite suite = parse("{\"suite\": \"rules\"}");
    UserError e = assertThrows(UserError.class, () -> suite.runUnit("weights__tf3__partial", null));
    assertTrue(e.getMessage().contains("no unit \"weights__tf3__partial\""), e.getMessage());
  }

  private static void assertMessage(String json, String part) {
    UserError e = assertThrows(UserError.class, () -> parse(json));
    assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
  }
}
