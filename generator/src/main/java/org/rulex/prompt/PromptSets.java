package org.rulex.prompt;

import java.util.List;

/**
 * The prompt sets of a language at one prompt length, every candidate classified exactly: ID
 * (jointly completable, with a witness), one OOD set per spec entry (breaks its rule, viable for
 * the rules it checks), and kept apart, the prompts that break no rule yet cannot be completed
 * jointly. Distinct prompts only, in increasing id order.
 *
 * @param enumerated true when the candidates are every word of the prompt length
 * @param seed the seed candidates were sampled with (without replacement), null when enumerated
 * @param candidates number of distinct candidates classified
 * @param breaksSeveralRules candidates not viable for two or more rules
 * @param breaksOneRuleOutsideSets candidates that break exactly one rule but fall in no OOD set
 * @param engines per rule, how its viability was decided and whether exactly
 */
public record PromptSets(
    String language,
    String grammarHash,
    int length,
    int maxWordLength,
    boolean enumerated,
    Long seed,
    int candidates,
    List<Prompt> id,
    List<OodSet> ood,
    List<Prompt> breaksNoRuleNotCompletable,
    int breaksSeveralRules,
    int breaksOneRuleOutsideSets,
    List<EngineNote> engines) {

  /**
   * How one rule's questions were answered: the engine, whether every answer was exact, and
   * what could not be decided (bounded search out of budget), "" when nothing.
   */
  public record EngineNote(String rule, String method, boolean exact, String undecided) {}

  public static final String SCHEMA = "rulex.prompts/1";

  /** Prompts that break one rule and stay viable for each checked rule. */
  public record OodSet(String name, String breaks, List<String> checks, List<Prompt> prompts) {}

  public OodSet ood(String name) {
    return ood.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException("no OOD set " + name));
  }
}
