package org.rulex.score;

import java.util.Map;

/**
 * The metrics of one prompt set, each with both denominators: per checked rule, the rule on
 * prompt + completion; for OOD sets, the broken rule on the completion alone; membership of
 * prompt + completion in the language; and the share of prompts whose completion finished.
 */
public record PromptSetScore(
    String name,
    PromptSetRules.Kind kind,
    String broken,
    int prompts,
    Rate finished,
    /** Checked rule id to its accuracy on prompt + completion, in the order the set checks them. */
    Map<String, Accuracy> rules,
    /** OOD only (null for ID): the broken rule checked on the completion alone. */
    Accuracy brokenRuleOnCompletion,
    Accuracy inLanguage) {}
