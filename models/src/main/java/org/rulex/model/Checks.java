package org.rulex.model;

import org.rulex.json.FieldError;

/**
 * Range checks for configuration values, which come from users' JSON files: each names its
 * field, so the strict reader reports it at that value's line and column.
 */
final class Checks {
  private Checks() {}

  static void positive(String architecture, String field, int value) {
    if (value < 1) throw new FieldError(field, architecture + ": " + field + " must be at least 1, not " + value);
  }

  static void probability(String architecture, String field, double value) {
    if (!(value >= 0 && value < 1))
      throw new FieldError(field, architecture + ": " + field + " must be in [0, 1), not " + value);
  }
}
