package org.rulex.grammar;

import org.rulex.UserError;

/** An exact computation needed more parse states than it may use; the caller decides what to do instead. */
public final class StateLimitException extends UserError {
  public StateLimitException(String what, int limit) {
    super("exact analysis of " + what + " needs more than " + limit + " parse states");
  }
}
