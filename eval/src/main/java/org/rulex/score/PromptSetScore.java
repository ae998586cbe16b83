package org.rulex.score;

import java.util.Map;

/**
 * The metrics of one prompt set under one decoding, each with both denominators: per checked
 * rule, the rule on prompt + completion; for OOD sets, the broken rule on the completion alone;
 * membership of prompt + completion in the language; and the share of completions that
 * finished. Sampled decoding counts every completion as a trial and takes its intervals over
 * prompts (see {@link Rate#clustered}). chance holds the same quantities for a uniform
 * next-token sampler with the same prompts and budget ({@link UniformChance}).
 */
public record PromptSetScore(
    String name,
    PromptSetRules.Kind kind,
    String broken,
    Decoding decoding,
    int prompts,
    Rate finished,
    /** Checked rule id to its accuracy on prompt + completion, in the order the set checks them. */
    Map<String, Accuracy> rules,
    /** OOD only (null for ID): the broken rule checked on the completion alone. */
    Accuracy brokenRuleOnCompletion,
    Accuracy inLanguage,
    /** Rule ids and the keys of {@link UniformChance} to the uniform sampler's level; may be empty. */
    Map<String, UniformChance.Level> chance) {

  public PromptSetScore {
    chance = chance == null ? Map.of() : chance;
  }

  public boolean isGreedy() {
    return decoding == null || decoding.isGreedy();
  }
}
