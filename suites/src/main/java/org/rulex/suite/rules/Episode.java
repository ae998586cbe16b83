package org.rulex.suite.rules;

import java.util.List;
import org.rulex.grammar.Vocabulary;

/**
 * One sequence for the models: SOS s1 y1 s2 y2 ... sn yn q, as token ids. A label is a target at
 * the positions of the stimuli marked as determined by what came before (PAD elsewhere: no loss),
 * and always at the query, the last position.
 *
 * @param answer the label the query should get: the episode's own in training, the rule's (l1) in a test
 * @param distractor the label an exemplar match suggests in a test episode (l0); -1 when there is none
 */
record Episode(long[] inputs, long[] targets, int answer, int distractor) {

  /**
   * Lays out a context, its query and the labels to learn; determined[i] says whether the label of
   * context item i follows from the items before it.
   */
  static Episode of(Tokens tokens, List<Item> context, boolean[] determined, Stimulus query, int answer, int distractor) {
    int length = 2 + 2 * context.size();
    long[] inputs = new long[length];
    long[] targets = new long[length]; // PAD is 0
    inputs[0] = Vocabulary.SOS;
    for (int i = 0; i < context.size(); i++) {
      Item item = context.get(i);
      inputs[1 + 2 * i] = tokens.stimulus(item.stimulus());
      inputs[2 + 2 * i] = tokens.label(item.label());
      if (determined[i]) targets[1 + 2 * i] = tokens.label(item.label());
    }
    inputs[length - 1] = tokens.stimulus(query);
    targets[length - 1] = tokens.label(answer);
    return new Episode(inputs, targets, answer, distractor);
  }

  int length() {
    return inputs.length;
  }

  int targetCount() {
    int n = 0;
    for (long t : targets) if (t != Vocabulary.PAD) n++;
    return n;
  }
}
