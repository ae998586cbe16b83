package org.rulex.suite.rules;

import java.util.List;
import org.rulex.grammar.Vocabulary;

/**
 * The suite's vocabulary: PAD, SOS, EOS, the labels, then every stimulus (f1, f2) as one composite
 * id that the models embed as E1[f1] + E2[f2] (factors [values, values]), so that a stimulus takes
 * one position and neither feature is read out later than the other.
 *
 * @param labels how many labels (ids 3 ..)
 * @param values how many values each feature has
 */
record Tokens(int labels, int values) {

  int label(int l) {
    return Vocabulary.SOS + 2 + l; // PAD 0, SOS 1, EOS 2, then the labels
  }

  /** The label a label id stands for, or -1 for an id that is no label. */
  int labelOf(long id) {
    long l = id - label(0);
    return l >= 0 && l < labels ? (int) l : -1;
  }

  int stimulus(Stimulus s) {
    return label(labels) + s.f1() * values + s.f2();
  }

  /** The stimulus a stimulus id stands for, or null for an id that is no stimulus. */
  Stimulus stimulusOf(long id) {
    long index = id - label(labels);
    return index >= 0 && index < (long) values * values ? new Stimulus((int) index / values, (int) index % values) : null;
  }

  int vocabularySize() {
    return label(labels) + values * values;
  }

  /** The model option that makes every stimulus id composite. */
  List<Integer> factors() {
    return List.of(values, values);
  }
}
