package org.rulex.grammar;

/**
 * A deterministic automaton over prefixes, built lazily: one state per class of prefixes with
 * the same futures, {@link #DEAD} once no word of the language extends the prefix. Both a single
 * rule's parse states and a conjunction of rules are one.
 */
public interface PrefixStates {
  /** The state of every prefix that nothing completes. */
  int DEAD = 0;

  /** The state before any token. */
  int initial();

  /** The state after one more token (a vocabulary id); DEAD once no continuation exists. */
  int step(int state, int id);

  /** Whether the tokens read so far form a whole word. */
  boolean accepts(int state);

  /** The state after a whole prefix. */
  default int run(int[] ids) {
    int s = initial();
    for (int id : ids) {
      s = step(s, id);
      if (s == DEAD) return DEAD;
    }
    return s;
  }
}
