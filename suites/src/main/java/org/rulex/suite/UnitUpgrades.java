package org.rulex.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.rulex.json.JsonNode;
import org.rulex.json.VersionedSchema;

/**
 * The steps that read older unit files of every suite: version v of a suite's unit schema becomes
 * version v + 1. The suites share them because their results changed together.
 */
public final class UnitUpgrades {
  private UnitUpgrades() {}

  /**
   * 1 to 2: a model configuration's positions are called maxPositions (version 1 wrote maxLength).
   * A result holds its model configuration in a member with an "architecture" (hijack's config,
   * diversity's model, rules' modelConfig).
   */
  private static JsonNode.Obj from1(JsonNode.Obj unitFile) {
    return VersionedSchema.inMember(unitFile, "result", result -> {
      JsonNode.Obj out = result;
      for (JsonNode.Member m : result.members().values())
        if (m.value() instanceof JsonNode.Obj o && o.members().containsKey("architecture"))
          out = VersionedSchema.inMember(out, m.key(), c -> VersionedSchema.renamed(c, "maxLength", "maxPositions"));
      return out;
    });
  }

  /**
   * 2 to 3: results gained members that older units lack and that read as absent (null): the
   * diversity regression's exactCurve, the hijack transformers' ablations. Nothing is renamed.
   */
  private static JsonNode.Obj from2(JsonNode.Obj unitFile) {
    return unitFile;
  }

  private static final Map<Integer, UnaryOperator<JsonNode.Obj>> STEPS = Map.of(1, UnitUpgrades::from1, 2, UnitUpgrades::from2);

  /** A suite's unit format: its schema "family/N", read from version 1 through the steps up to N. */
  public static VersionedSchema format(String schema) {
    int slash = schema.lastIndexOf('/');
    int current = Integer.parseInt(schema.substring(slash + 1));
    Map<Integer, UnaryOperator<JsonNode.Obj>> steps = new LinkedHashMap<>();
    for (int v = 1; v < current; v++) {
      UnaryOperator<JsonNode.Obj> step = STEPS.get(v);
      if (step == null) throw new IllegalStateException(schema + ": no step reads version " + v);
      steps.put(v, step);
    }
    return new VersionedSchema(schema.substring(0, slash), 1, steps);
  }
}
