package org.rulex.score;

/**
 * One accuracy under both denominators. overAllPrompts counts an unfinished completion as a
 * failure; overFinishedOnly drops unfinished completions from the denominator, which is the
 * convention of the published reference numbers.
 */
public record Accuracy(Rate overAllPrompts, Rate overFinishedOnly) {
  /** From successes among finished completions, the number finished, and the number of prompts. */
  public static Accuracy of(long finishedSuccesses, long finished, long prompts) {
    return new Accuracy(Rate.of(finishedSuccesses, prompts), Rate.of(finishedSuccesses, finished));
  }
}
