package org.rulex.score;

import java.util.Map;

/**
 * One scored prompt, a line of the per-prompt JSONL: the texts, whether the completion finished,
 * and each verdict. Verdicts are computed on whatever was generated, also for unfinished
 * completions; the metrics count an unfinished completion as a failure whatever its verdicts.
 */
public record PromptRecord(
    String set,
    /** "greedy" or "sampled". */
    String decoding,
    /** Which of the prompt's completions this is (0 for greedy). */
    int sample,
    String prompt,
    String completion,
    boolean finished,
    Map<String, Boolean> rules,
    /** OOD only (null for ID): the broken rule on the completion alone. */
    Boolean brokenRuleOnCompletion,
    boolean inLanguage) {}
