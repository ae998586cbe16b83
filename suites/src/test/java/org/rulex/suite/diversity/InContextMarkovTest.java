package org.rulex.suite.diversity;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rulex.model.Lstm;
import org.rulex.model.ModelZoo;
import org.rulex.train.TrainConfig;

/** C2's data are seeded and shared across models; a small model learns a one-chain pool. */
class InContextMarkovTest {

  private static MarkovSpec tiny(int steps) {
    return new MarkovSpec(3, 24, List.of(1, 2), false, 8, 64, new TrainConfig(steps, 16, 1e-2, 0.0, 0, 1.0, steps, 0, 0, 25),
        Map.of("lstm", ModelZoo.toJson(new Lstm.Config(1, 16, 32, 0))));
  }

  @Test
  void poolsAreNestedAndTestSequencesDependOnTheSeedOnly() {
    InContextMarkov c2 = new InContextMarkov(tiny(1));
    List<MarkovChain> four = c2.pool(3, 4), eight = c2.pool(3, 8);
    for (int i = 0; i < 4; i++)
      for (int r = 0; r < 3; r++) assertArrayEquals(four.get(i).transition()[r], eight.get(i).transition()[r]);
    assertFalse(java.util.Arrays.equals(c2.pool(4, 1).get(0).transition()[0], four.get(0).transition()[0]));
    List<int[]> a = c2.unseenSequences(3), b = c2.unseenSequences(3);
    assertEquals(64, a.size());
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
  }

  @Test
  void aModelTrainedOnOneChainScoresItsSequencesLikeThePoolPosterior() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JsonObject r = new InContextMarkov(tiny(300)).run("lstm", 1, 5, new PrintStream(log, true, StandardCharsets.UTF_8));
    // What the unit writes is what its record reads, strictly.
    org.rulex.json.StrictJson.bindNullAsNaN(org.rulex.json.StrictJson.fromGson(r, "markov"), MarkovResult.class);
    JsonObject seen = r.getAsJsonObject("seen");
    double model = seen.get("modelNll").getAsDouble(), posterior = seen.get("poolPosteriorNll").getAsDouble();
    // With one chain the pool posterior is the chain itself: the entropy rate is the floor.
    assertTrue(model < Math.log(3) - 0.1, "seen NLL " + model + " is not below chance");
    assertEquals(posterior, model, 0.08, "seen NLL against the chain's own");
    // Unseen chains: the Bayes reference in the result is the one computed from the same sequences.
    double bayes = 0;
    for (int[] s : new InContextMarkov(tiny(1)).unseenSequences(5)) bayes += BigramReferences.bayesNll(s, 3, 8);
    assertEquals(bayes / (64 * 16), r.getAsJsonObject("unseen").get("bayesNll").getAsDouble(), 1e-12);
    assertEquals("1", r.get("poolSize").getAsString());
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("step 200/300"), "progress every 200 steps");
  }
}
