package org.rulex.suite.rules;

/**
 * What the design requires of its scripted learners (criterion 4 of design v2, fixed before any
 * model ran): the test and the rule episodes must tell the two strategies apart. The report's
 * check and the tests read these same thresholds.
 */
final class ReferenceChecks {
  static final double TOLERANCE = 1e-6;

  private ReferenceChecks() {}

  /** The rule learner: r = 1, pull 0, and every rule episode answered. */
  static boolean rule(double r, double pull, double ruleAccuracy) {
    return Math.abs(r - 1) <= TOLERANCE && Math.abs(pull) <= TOLERANCE && Math.abs(ruleAccuracy - 1) <= TOLERANCE;
  }

  /** The summed-similarity learner: r = .5 within .02, pull >= .45, rule episodes at chance (at most 1/labels + .05). */
  static boolean exemplar(double r, double pull, double ruleAccuracy, int labels) {
    return Math.abs(r - 0.5) <= 0.02 && pull >= 0.45 && ruleAccuracy <= 1.0 / labels + 0.05;
  }
}
