package org.rulex;

/**
 * A failure the user caused and can fix (a broken grammar, a missing file, an incompatible
 * checkpoint, a bad option). The command line prints its message alone, without a stack trace,
 * and exits with code 2.
 */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
