package org.rulex;

/**
 * The lengths rulex counts, and the one conversion between them. A word's length counts its
 * symbols (language.json's lengths, prompts, datasets). A sequence is what a model trains on: SOS,
 * the word, EOS (a run configuration's training.sequenceLength). A model's positions are the tokens
 * it reads at once (a model configuration's maxPositions); decoding never feeds the final EOS back.
 * A preset's data.maxWordLength bounds the words of its datasets. JSON and code use these names.
 */
public final class SequenceLength {
  private SequenceLength() {}

  /** SOS before the word and EOS after it. */
  public static final int MARKERS = 2;

  /** The sequence a word of this many symbols makes. */
  public static int ofWord(int wordLength) {
    return wordLength + MARKERS;
  }

  /** The longest word a sequence of this length holds. */
  public static int longestWord(int sequenceLength) {
    return sequenceLength - MARKERS;
  }

  /** The longest word both a language (its own bound, in symbols) and a sequence length allow. */
  public static int longestWord(int languageMaxWordLength, int sequenceLength) {
    return Math.min(languageMaxWordLength, longestWord(sequenceLength));
  }
}
