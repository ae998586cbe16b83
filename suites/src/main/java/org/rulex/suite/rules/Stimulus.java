package org.rulex.suite.rules;

/** A stimulus: a value of feature 1 and a value of feature 2. */
record Stimulus(int f1, int f2) {

  /** The value of feature k (0 or 1). */
  int feature(int k) {
    return k == 0 ? f1 : f2;
  }

  static Stimulus withFeature(int k, int value, int other) {
    return k == 0 ? new Stimulus(value, other) : new Stimulus(other, value);
  }
}
