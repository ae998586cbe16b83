package org.rulex.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;

/** A suite's units: listed in the order added, looked up by key, an unknown key named with the known ones. */
class UnitsTest {
  @Test
  void keysKeepTheirOrderAndFindTheirUnit() {
    Units<Integer> u = new Units<Integer>("demo").add("b__s2", 2).add("a__s1", 1);
    assertEquals(List.of("b__s2", "a__s1"), u.keys());
    assertEquals(1, u.get("a__s1"));
  }

  @Test
  void anUnknownKeyIsAUserErrorListingTheUnits() {
    Units<Integer> u = new Units<Integer>("demo").add("a__s1", 1);
    UserError e = assertThrows(UserError.class, () -> u.get("a__s9"));
    assertTrue(e.getMessage().contains("demo suite has no unit \"a__s9\" (units: a__s1)"), e.getMessage());
  }

  @Test
  void twoUnitsMayNotShareAKey() {
    Units<Integer> u = new Units<Integer>("demo").add("a__s1", 1);
    assertThrows(IllegalArgumentException.class, () -> u.add("a__s1", 2));
  }
}
