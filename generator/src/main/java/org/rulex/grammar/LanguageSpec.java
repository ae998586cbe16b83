package org.rulex.grammar;

import java.util.List;
import java.util.Map;

/**
 * The contents of a language.json, as Gson reads it. Field names are the JSON keys; see
 * grammars/README.md for what each means.
 */
public record LanguageSpec(
    String name,
    List<String> aliases,
    String title,
    String chomskyClass,
    String description,
    Boolean emptyWordIsMember,
    String lexer,
    List<String> grammars,
    List<RuleSpec> rules,
    List<String> language,
    LengthSpec lengths,
    PromptSpec prompts) {

  /** One rule: its id (R1), what it says, and the parser rules whose conjunction it is. */
  public record RuleSpec(String id, String description, List<String> parserRules) {}

  /**
   * The training length distribution: "uniform" over the lengths in [min, max] that have
   * members, or "table" with explicit weights per length.
   */
  public record LengthSpec(String kind, Integer min, Integer max, Map<String, Double> weights) {}

  /** The prompt sets: the prompt length, and one OOD set per broken rule. */
  public record PromptSpec(Integer length, List<OodSpec> ood) {}

  /** An out-of-distribution prompt set: prompts that break one rule and stay viable for others. */
  public record OodSpec(String name, String breaks, List<String> checks) {}
}
