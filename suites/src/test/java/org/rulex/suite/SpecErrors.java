package org.rulex.suite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rulex.UserError;

/** The suites' spec tests' one assertion: a spec text is refused with a message that names what is wrong. */
public final class SpecErrors {
  private SpecErrors() {}

  /** Parses the spec as the file named; it must fail with a user error whose message holds every fragment. */
  public static UserError assertRefused(String spec, String file, String... fragments) {
    UserError e = assertThrows(UserError.class, () -> Suites.parse(spec, file));
    for (String f : fragments) assertTrue(e.getMessage().contains(f), "expected \"" + f + "\" in: " + e.getMessage());
    return e;
  }
}
