package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.Lstm;
import org.rulex.model.ModelZoo;
import org.rulex.model.TrainableModel;
import org.rulex.suite.Draws;
import org.rulex.train.Batch;

/** Episodes into batches and the label read-out, against the model's own logits softmaxed by hand. */
class ReadoutTest {
  private static final Tokens TOKENS = new Tokens(4, 16);

  @Test
  void aBatchCarriesTheEpisodesTargetsAndCountsThem() {
    Episodes episodes = new Episodes(TOKENS);
    List<Episode> list = List.of(episodes.exemplar(new Draws(1)), episodes.sparseRule(new Draws(2)));
    Batch b = Readout.batch(list);
    assertEquals(2, b.size());
    assertEquals(20, b.length());
    int real = 0;
    for (long t : b.targets()) if (t != Vocabulary.PAD) real++;
    assertEquals(real, b.realTokens());
    assertEquals(list.get(0).targetCount() + list.get(1).targetCount(), real);
    long[] second = java.util.Arrays.copyOfRange(b.inputs(), 20, 40);
    assertArrayEquals(list.get(1).inputs(), second);
    Episode shorter = episodes.partialExposure(new Draws(3), PartialExposure.Condition.PARTIAL);
    assertThrows(IllegalArgumentException.class, () -> Readout.batch(List.of(list.get(0), shorter)));
  }

  @Test
  void labelProbabilitiesAreTheSoftmaxOfTheLabelLogitsAtTheQuery() {
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(new Lstm.Config(1, 8, 8, 0, TOKENS.factors(), null), TOKENS.vocabularySize(), manager, 4);
      Episodes episodes = new Episodes(TOKENS);
      List<Episode> list = new ArrayList<>();
      Draws draws = new Draws(5);
      for (int i = 0; i < 3; i++) list.add(episodes.partialExposure(draws, PartialExposure.Condition.PARTIAL));
      double[][] p = Readout.labels(model, manager, TOKENS, list);
      Batch b = Readout.batch(list);
      int v = TOKENS.vocabularySize();
      float[] logits = model.logits(manager.create(b.inputs(), new Shape(b.size(), b.length())), false)
          .get(new NDIndex(":, {}, :", b.length() - 1)).toFloatArray();
      for (int row = 0; row < 3; row++) {
        double z = 0;
        for (int l = 0; l < 4; l++) z += Math.exp(logits[row * v + TOKENS.label(l)]);
        double total = 0;
        for (int l = 0; l < 4; l++) {
          assertEquals(Math.exp(logits[row * v + TOKENS.label(l)]) / z, p[row][l], 1e-6);
          total += p[row][l];
        }
        assertEquals(1, total, 1e-9);
      }
    }
  }

  @Test
  void theTokenLayoutPutsLabelsBeforeEveryStimulus() {
    assertEquals(3, TOKENS.label(0));
    assertEquals(6, TOKENS.label(3));
    assertEquals(7, TOKENS.stimulus(new Stimulus(0, 0)));
    assertEquals(7 + 255, TOKENS.stimulus(new Stimulus(15, 15)));
    assertEquals(263, TOKENS.vocabularySize());
    assertEquals(-1, TOKENS.labelOf(7));
    assertEquals(2, TOKENS.labelOf(5));
  }
}
