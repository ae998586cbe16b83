package org.rulex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Word and sequence lengths, against SOS + word + EOS spelled out. */
class SequenceLengthTest {
  @Test
  void aSequenceIsSosTheWordAndEos() {
    for (int word = 0; word < 70; word++) {
      String sequence = "S" + "a".repeat(word) + "E";
      assertEquals(sequence.length(), SequenceLength.ofWord(word));
      assertEquals(word, SequenceLength.longestWord(sequence.length()));
    }
  }

  @Test
  void theLongestWordIsBoundByTheLanguageAndTheSequence() {
    assertEquals(62, SequenceLength.longestWord(100, 64));
    assertEquals(20, SequenceLength.longestWord(20, 64));
  }
}
