package org.rulex;

import java.math.BigInteger;

/**
 * The natural logarithm of an exact count, which may be far beyond a double's range (members of a
 * language at length 256): the top 62 bits as a double, plus the shifted-away bits times log 2.
 */
public final class LogCount {
  private LogCount() {}

  /** ln(n) for n &gt; 0. */
  public static double of(BigInteger n) {
    int shift = Math.max(0, n.bitLength() - 62);
    return Math.log(n.shiftRight(shift).doubleValue()) + shift * Math.log(2);
  }
}
