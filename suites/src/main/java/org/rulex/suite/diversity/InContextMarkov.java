package org.rulex.suite.diversity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TrainableModel;
import org.rulex.suite.Draws;
import org.rulex.train.Batch;
import org.rulex.train.TrainStep;

/**
 * C2: trains one token model on sequences of chains from a pool of K (or a fresh chain each, K
 * infinite) and scores it, beside the two exact references, on chains it never saw and on chains
 * of its pool.
 *
 * <p>A sequence of states s_0..s_{T-1} is fed as SOS s_0 .. s_{T-2} with targets s_0 .. s_{T-1}
 * (state i is token i + 3). Data depend on the seed and K only, so every architecture sees the
 * same sequences and is scored on the same test chains.
 */
public final class InContextMarkov {
  /** Sub-stream labels of {@link Draws#of}: one for each kind of data. */
  private static final long POOL = 1, UNSEEN = 2, SEEN = 3, TRAIN = 4;

  private static final int LOG_EVERY = 200;
  private static final int SCORE_BATCH = 128;

  private final MarkovSpec spec;

  public InContextMarkov(MarkovSpec spec) {
    this.spec = spec;
  }

  /** The first K chains of the seed's pool stream: pools of one seed are nested. */
  public List<MarkovChain> pool(long seed, int size) {
    Draws draws = Draws.of(seed, POOL);
    List<MarkovChain> pool = new ArrayList<>(size);
    for (int i = 0; i < size; i++) pool.add(MarkovChain.draw(spec.states(), draws));
    return pool;
  }

  /** Test sequences of fresh chains, one chain a sequence; the same for every K and model of a seed. */
  public List<int[]> unseenSequences(long seed) {
    Draws draws = Draws.of(seed, UNSEEN);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < spec.testSequences(); i++) out.add(MarkovChain.draw(spec.states(), draws).sample(spec.length(), draws));
    return out;
  }

  /** Test sequences of pool chains (new sequences, chains from training). */
  public List<int[]> seenSequences(long seed, List<MarkovChain> pool) {
    Draws draws = Draws.of(seed, SEEN, pool.size());
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < spec.testSequences(); i++) out.add(pool.get(draws.nextInt(pool.size())).sample(spec.length(), draws));
    return out;
  }

  /**
   * Trains {@code architecture} with pool size {@code poolSize} (0 for a fresh chain a sequence)
   * and returns the unit's result.
   */
  public JsonObject run(String architecture, int poolSize, long seed, PrintStream log) {
    long started = System.nanoTime();
    ModelConfig config = spec.model(architecture);
    List<MarkovChain> pool = poolSize > 0 ? pool(seed, poolSize) : List.of();
    Draws data = Draws.of(seed, TRAIN, poolSize);
    JsonArray curve = new JsonArray();
    JsonObject result = new JsonObject();
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, spec.vocabularySize(), manager, seed);
      double window = 0;
      int inWindow = 0;
      try (TrainStep step = new TrainStep(model, spec.training(), manager)) {
        for (int s = 1; s <= spec.training().steps(); s++) {
          List<int[]> batch = new ArrayList<>(spec.training().batchSize());
          for (int b = 0; b < spec.training().batchSize(); b++) {
            MarkovChain chain = poolSize > 0 ? pool.get(data.nextInt(poolSize)) : MarkovChain.draw(spec.states(), data);
            batch.add(chain.sample(spec.length(), data));
          }
          window += step.run(teacherForced(batch));
          inWindow++;
          if (s % LOG_EVERY == 0 || s == spec.training().steps()) {
            double mean = window / inWindow;
            JsonArray point = new JsonArray();
            point.add(s);
            point.add(mean);
            curve.add(point);
            log.printf(Locale.ROOT, "%s K=%s seed %d: step %d/%d, loss %.4f, %.1f s%n", architecture, poolLabel(poolSize), seed, s,
                spec.training().steps(), mean, (System.nanoTime() - started) / 1e9);
            window = 0;
            inWindow = 0;
          }
        }
      }
      result.addProperty("part", "markov");
      result.addProperty("architecture", architecture);
      result.add("model", ModelZoo.toJson(config));
      result.addProperty("parameters", model.parameterCount());
      result.addProperty("poolSize", poolLabel(poolSize));
      result.addProperty("seed", seed);
      result.addProperty("steps", spec.training().steps());
      result.addProperty("lnK", Math.log(spec.states()));
      List<int[]> unseen = unseenSequences(seed);
      result.add("unseen", score(model, unseen, pool, manager));
      if (poolSize > 0) result.add("seen", score(model, seenSequences(seed, pool), pool, manager));
      result.add("trainLoss", curve);
      result.addProperty("seconds", (System.nanoTime() - started) / 1e9);
    }
    return result;
  }

  /** "16", or "inf" for a fresh chain a sequence. */
  public static String poolLabel(int poolSize) {
    return poolSize > 0 ? Integer.toString(poolSize) : "inf";
  }

  /** Mean NLL per scored token of the model and of the references, and the ICL gain. */
  private JsonObject score(TrainableModel model, List<int[]> sequences, List<MarkovChain> pool, NDManager manager) {
    double modelNll = 0, bayes = 0, posterior = 0;
    for (int from = 0; from < sequences.size(); from += SCORE_BATCH) {
      List<int[]> part = sequences.subList(from, Math.min(sequences.size(), from + SCORE_BATCH));
      modelNll += modelNll(model, part, manager);
    }
    for (int[] s : sequences) {
      bayes += BigramReferences.bayesNll(s, spec.states(), spec.scoreFrom());
      if (!pool.isEmpty()) posterior += BigramReferences.poolPosteriorNll(s, pool, spec.scoreFrom());
    }
    long tokens = (long) sequences.size() * (spec.length() - spec.scoreFrom());
    JsonObject o = new JsonObject();
    o.addProperty("sequences", sequences.size());
    o.addProperty("tokens", tokens);
    o.addProperty("modelNll", modelNll / tokens);
    o.addProperty("bayesNll", bayes / tokens);
    if (!pool.isEmpty()) o.addProperty("poolPosteriorNll", posterior / tokens);
    o.addProperty("gain", IclGain.of(spec.states(), modelNll / tokens, bayes / tokens));
    return o;
  }

  /** Summed NLL (nats) the model gives the states at positions scoreFrom and later. */
  private double modelNll(TrainableModel model, List<int[]> sequences, NDManager manager) {
    Batch batch = teacherForced(sequences);
    try (NDManager m = manager.newSubManager()) {
      NDArray logp = model.logits(batch.inputs(m), false).logSoftmax(-1); // [B, T, V]
      float[] picked = logp.gather(batch.targets(m).expandDims(2), 2).toFloatArray(); // [B, T]: log p(target)
      double sum = 0;
      for (int b = 0; b < batch.size(); b++)
        for (int t = spec.scoreFrom(); t < batch.length(); t++) sum -= picked[b * batch.length() + t];
      return sum;
    }
  }

  /** Input SOS s_0..s_{T-2}, targets s_0..s_{T-1}: every state is a target, none is PAD. */
  private static Batch teacherForced(List<int[]> sequences) {
    int length = sequences.get(0).length;
    long[] inputs = new long[sequences.size() * length];
    long[] targets = new long[inputs.length];
    for (int b = 0; b < sequences.size(); b++) {
      int[] s = sequences.get(b);
      inputs[b * length] = Vocabulary.SOS;
      for (int t = 0; t < length; t++) {
        targets[b * length + t] = s[t] + Vocabulary.FIRST_SYMBOL;
        if (t + 1 < length) inputs[b * length + t + 1] = s[t] + Vocabulary.FIRST_SYMBOL;
      }
    }
    return new Batch(inputs, targets, sequences.size(), length, inputs.length);
  }
}
