package org.rulex.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.rulex.result.CellResult;

/**
 * The reference benchmark's published figures, as data (docs REFERENCE.md): mean OOD rule
 * extrapolation (R1 on prompts that break R2) per language and model, finished-only
 * denominator, per-run maximum over training, mean over runs; and the anchor's chance levels.
 * They are not comparable one to one with rulex's numbers, which read one checkpoint and count
 * unfinished completions as failures; the report labels them so.
 */
public final class Published {
  /** The anchor's figure is this rule's extrapolation ... */
  public static final String RULE = "R1";
  /** ... on prompts that break this one: the only OOD set its tables report. */
  public static final String BROKEN = "R2";

  /** Whether the anchor has a figure for a rule on prompts that break another. */
  public static boolean measures(String broken, String rule) {
    return BROKEN.equals(broken) && RULE.equals(rule);
  }

  /** How the report labels these numbers wherever they appear. */
  public static final String LABEL = "published (finished-only, max over training)";

  /** The reference languages in order, by alias. */
  public static final List<String> ALIASES = List.of("L1", "L2", "L3", "L4", "L5", "L6");

  /** The reference languages' names in rulex's grammars/, by alias. */
  private static final Map<String, String> NAMES = Map.of(
      "L1", "ban", "L2", "bban", "L3", "anbn", "L4", "dyck", "L5", "anbncn", "L6", "csdyck");

  /** The models of the published table, as rulex names them. */
  public static final List<String> MODELS = List.of("linear", "lstm", "mamba", "transformer", "xlstm");

  /** Rows: L1..L6; columns: MODELS. */
  private static final double[][] OOD_R1 = {
    {.500, .862, .650, .605, .679},
    {.534, 1.000, .973, .105, 1.000},
    {.275, .376, .296, .657, .438},
    {.000, .543, .644, .980, .689},
    {.000, .068, .099, .187, .116},
    {.000, 1.000, .684, .980, .767},
  };

  /** Uniform next token over the symbols plus EOS: OOD R1, OOD R2 on the completion. */
  private static final double[][] CHANCE = {
    {.5, .333}, {.5, .75}, {.154, .445}, {.127, .382}, {.0033, .593}, {.127, .382},
  };

  /** The chance levels of one reference language. */
  public record Chance(double oodR1, double oodR2Completion) {}

  private Published() {}

  /** The reference alias (L1..L6) of a result's language, from its name or aliases. */
  public static Optional<String> alias(CellResult.Config config) {
    for (String a : ALIASES) {
      if (NAMES.get(a).equalsIgnoreCase(config.language()) || a.equalsIgnoreCase(config.language())) return Optional.of(a);
      if (config.languageAliases() != null && config.languageAliases().stream().anyMatch(a::equalsIgnoreCase)) return Optional.of(a);
    }
    return Optional.empty();
  }

  /** The published mean OOD R1 of a model on a reference language, if there is one. */
  public static OptionalDouble oodR1(String alias, String model) {
    int l = ALIASES.indexOf(alias);
    int m = MODELS.indexOf(model.toLowerCase(Locale.ROOT));
    return l < 0 || m < 0 ? OptionalDouble.empty() : OptionalDouble.of(OOD_R1[l][m]);
  }

  public static Optional<Chance> chance(String alias) {
    int l = ALIASES.indexOf(alias);
    return l < 0 ? Optional.empty() : Optional.of(new Chance(CHANCE[l][0], CHANCE[l][1]));
  }

  /** The reference name of a language alias, e.g. L3 → anbn. */
  public static String name(String alias) {
    return NAMES.get(alias);
  }
}
