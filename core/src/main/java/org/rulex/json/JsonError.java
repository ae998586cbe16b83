package org.rulex.json;

import org.rulex.UserError;

/**
 * A JSON file that rulex cannot accept (not JSON, truncated, an unknown key, a value of the wrong
 * type), located at file:line:col so that an editor or CI log links to the place.
 */
public final class JsonError extends UserError {
  private final Location location;
  private final String reason;

  public JsonError(Location location, String reason) {
    super(location + ": " + reason);
    this.location = location;
    this.reason = reason;
  }

  public Location location() {
    return location;
  }

  /** The message without the location, for callers that print the location their own way. */
  public String reason() {
    return reason;
  }
}
