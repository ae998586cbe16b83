package org.rulex.json;

import org.rulex.UserError;

/**
 * A value record's constructor refusing one of its components. The record cannot know where its
 * values came from; the strict reader catches this and points at that member's value in the file,
 * so a configuration mistake is reported at its line and column, and a value built in code gets
 * the same message without one.
 */
public final class FieldError extends UserError {
  private final String field;

  public FieldError(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The record component (the JSON key) at fault. */
  public String field() {
    return field;
  }
}
