package org.rulex.suite.hijack;

/**
 * One training or evaluation sequence over tokens 0..V-1: after a trigger its output always
 * follows, after any other token the global bigram decides.
 *
 * @param tokens x_1 .. x_T
 * @param triggers the K distinct trigger tokens of this sequence
 * @param outputs outputs[i] follows triggers[i]
 */
public record TriggeredSequence(int[] tokens, int[] triggers, int[] outputs) {

  /** The output of token x if x is a trigger of this sequence, else -1. */
  public int outputOf(int x) {
    for (int i = 0; i < triggers.length; i++) if (triggers[i] == x) return outputs[i];
    return -1;
  }
}
