package org.rulex.suite.diversity;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rulex.UserError;
import org.rulex.json.FieldError;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.train.TrainConfig;

/**
 * C2, in-context Markov chains: sequences from chains drawn out of a pool of K training chains,
 * scored on chains never seen in training.
 *
 * @param states k, the number of states (tokens)
 * @param length T, states in a sequence
 * @param poolSizes the finite pool sizes K (pools are nested: the pool of 8 holds the pool of 4)
 * @param freshChains also train with a fresh chain for every sequence (K infinite)
 * @param scoreFrom positions from this one on are scored (each sees at least this many states)
 * @param testSequences unseen chains scored, one sequence each; as many sequences of pool chains
 * @param training steps, batch size, learning rate... of every model (its seed is the unit's)
 * @param architectures label -> model configuration in the zoo's JSON form
 */
public record MarkovSpec(
    int states,
    int length,
    List<Integer> poolSizes,
    boolean freshChains,
    int scoreFrom,
    int testSequences,
    TrainConfig training,
    Map<String, JsonObject> architectures) {


  public MarkovSpec {
    if (states < 2) throw new FieldError("states", "markov: states must be at least 2, not " + states);
    if (length < 2) throw new FieldError("length", "markov: length must be at least 2, not " + length);
    if (scoreFrom < 1 || scoreFrom >= length)
      throw new FieldError("scoreFrom", "markov: scoreFrom must be between 1 and length - 1 (" + (length - 1) + "), not " + scoreFrom);
    if (testSequences < 1) throw new FieldError("testSequences", "markov: testSequences must be at least 1, not " + testSequences);
    for (int k : poolSizes) if (k < 1) throw new FieldError("poolSizes", "markov: pool sizes must be at least 1, not " + k);
    if (poolSizes.isEmpty() && !freshChains) throw new UserError("markov: no pool sizes and no fresh chains: nothing to train");
    if (training.sequenceLength() < length + 1)
      throw new UserError("markov: training.sequenceLength " + training.sequenceLength() + " is shorter than SOS plus " + length + " states");
    for (String label : architectures.keySet())
      if (!label.matches("[A-Za-z0-9-]+")) throw new FieldError("architectures", "markov: architecture label \"" + label + "\" must be letters, digits and '-'");
    for (Map.Entry<String, JsonObject> e : architectures.entrySet()) {
      ModelConfig c = ModelZoo.fromJson(e.getValue()); // an unknown architecture or size fails here, before any unit runs
      if (c.maxPositions() < length) throw new UserError("markov: " + e.getKey() + " accepts at most " + c.maxPositions() + " tokens, not " + length);
    }
    poolSizes = List.copyOf(poolSizes);
    architectures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(architectures));
  }

  public ModelConfig model(String label) {
    JsonObject json = architectures.get(label);
    if (json == null) throw new IllegalArgumentException("no architecture " + label);
    return ModelZoo.fromJson(json);
  }

  /** Vocabulary size: PAD, SOS, EOS and one token a state. */
  public int vocabularySize() {
    return states + 3;
  }
}
