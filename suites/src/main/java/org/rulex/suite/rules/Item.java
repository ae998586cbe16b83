package org.rulex.suite.rules;

/** A stimulus shown with its label (a label index, not a token id). */
record Item(Stimulus stimulus, int label) {}
