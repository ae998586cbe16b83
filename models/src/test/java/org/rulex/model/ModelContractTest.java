package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.grammar.Vocabulary;

/** What every architecture promises: causal logits, and incremental decoding equal to a recompute. */
class ModelContractTest extends ManagedTest {
  private static final int V = TinyModels.VOCAB;
  /** Random ids [B, T] starting with SOS, drawn from the whole vocabulary but PAD. */
  private long[] randomIds(int b, int t, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] ids = new long[b * t];
    for (int i = 0; i < ids.length; i++) ids[i] = i % t == 0 ? Vocabulary.SOS : 1 + rnd.nextInt(V - 1);
    return ids;
  }

  private static float maxDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  @Test
  void everyArchitectureOfTheZooHasContractCases() {
    assertEquals(ModelZoo.names(), configs().map(ModelConfig::architecture).distinct().toList());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void changingALaterTokenNeverChangesEarlierLogits(ModelConfig config) {
    TrainableModel model = ModelZoo.create(config, V, manager, 7);
    int b = 3, t = 12;
    long[] ids = randomIds(b, t, 1);
    for (boolean training : new boolean[] {false, true}) {
      for (int changed : new int[] {1, 5, 11}) {
        long[] other = ids.clone();
        for (int row = 0; row < b; row++) other[row * t + changed] = 3 + (other[row * t + changed] - 2) % (V - 3);
        try (NDManager step = manager.newSubManager()) {
          NDArray before = model.logits(step.create(ids, new Shape(b, t)), training);
          NDArray after = model.logits(step.create(other, new Shape(b, t)), training);
          float diff = maxDiff(before.get(new NDIndex(":, :{}, :", changed)), after.get(new NDIndex(":, :{}, :", changed)));
          assertEquals(0f, diff, 1e-6f, config + ": logits before position " + changed + " changed (training=" + training + ")");
          if (!(model instanceof FixedDistribution)) { // a baseline's logits ignore the tokens by design
            float later = maxDiff(before.get(new NDIndex(":, {}:, :", changed)), after.get(new NDIndex(":, {}:, :", changed)));
            assertTrue(later > 1e-7, config + ": logits from position " + changed + " on ignore the changed token");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void incrementalDecodingEqualsFullRecompute(ModelConfig config) {
    TrainableModel model = ModelZoo.create(config, V, manager, 11);
    int b = 4, t = 40; // past 32 tokens: the KV cache grows once, and attends over masked unwritten positions before
    long[] ids = randomIds(b, t, 2);
    try (NDManager scope = manager.newSubManager()) {
      NDArray all = model.logits(scope.create(ids, new Shape(b, t)), false); // [B, T, V]
      for (DecodeState state : new DecodeState[] {model.start(scope, b), new RecomputeState(model, scope, b)}) {
        try (state) {
          for (int pos = 0; pos < t; pos++) {
            long[] column = new long[b];
            for (int row = 0; row < b; row++) column[row] = ids[row * t + pos];
            NDArray next = state.step(scope.create(column));
            assertEquals(new Shape(b, V), next.getShape());
            float diff = maxDiff(next, all.get(new NDIndex(":, {}, :", pos)));
            assertTrue(diff <= 1e-4, config + " " + state.getClass().getSimpleName() + ": position " + pos + " differs by " + diff);
            assertEquals(pos + 1, state.length());
          }
        }
      }
    }
  }

  /**
   * The fast decoding paths (KV cache, running sums, scan state updated in place) must not change
   * a single greedy choice: tokens chosen from the incremental state equal those chosen by a full
   * recompute of the prefix at every step, over enough steps for the KV cache to grow.
   */
  @ParameterizedTest
  @MethodSource("configs")
  void greedyDecodingWithTheIncrementalStateChoosesTheTokensOfAFullRecompute(ModelConfig config) {
    TrainableModel model = ModelZoo.create(config, V, manager, 13);
    int b = 6, prompt = 3, steps = 40;
    long[] ids = randomIds(b, prompt, 5);
    long[][] chosen = new long[2][];
    try (NDManager scope = manager.newSubManager()) {
      DecodeState[] states = {model.start(scope, b), new RecomputeState(model, scope, b)};
      for (int k = 0; k < 2; k++) {
        try (DecodeState state = states[k]) {
          chosen[k] = greedy(state, scope, ids, prompt, steps);
        }
      }
    }
    assertArrayEquals(chosen[1], chosen[0], config + ": greedy tokens from the incremental state differ from a full recompute's");
  }

  /** Feeds the prompts [B, prompt] column by column, then the argmax of each step; returns the chosen ids, step-major. */
  private static long[] greedy(DecodeState state, NDManager scope, long[] ids, int prompt, int steps) {
    int b = ids.length / prompt;
    long[] chosen = new long[b * steps];
    long[] column = new long[b];
    for (int pos = 0; pos < prompt + steps - 1; pos++) {
      if (pos < prompt) for (int row = 0; row < b; row++) column[row] = ids[row * prompt + pos];
      try (NDManager step = scope.newSubManager()) {
        float[] logits = state.step(step.create(column)).toFloatArray();
        int v = logits.length / b;
        for (int row = 0; row < b; row++) {
          int best = 0;
          for (int id = 1; id < v; id++) if (logits[row * v + id] > logits[row * v + best]) best = id;
          if (pos + 1 >= prompt) {
            chosen[(pos + 1 - prompt) * b + row] = best;
            column[row] = best;
          }
        }
      }
    }
    return chosen;
  }

  @ParameterizedTest
  @MethodSource("configs")
  void decodingStepsDoNotAccumulateArrays(ModelConfig config) {
    TrainableModel model = ModelZoo.create(config, V, manager, 3);
    int before = manager.getManagedArrays().size();
    try (NDManager caller = manager.newSubManager(); DecodeState state = model.start(caller, 2)) {
      int[] counts = new int[12];
      for (int pos = 0; pos < counts.length; pos++) {
        try (NDManager step = caller.newSubManager()) {
          state.step(step.create(new long[] {Vocabulary.SOS, 3}));
        }
        counts[pos] = caller.getManagedArrays().size();
      }
      assertEquals(counts[2], counts[11], config + ": the decoding state grows in arrays");
    }
    assertEquals(before, manager.getManagedArrays().size(), config + ": arrays leaked into the model's manager");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void sameSeedGivesSameWeights(ModelConfig config) {
    TrainableModel a = ModelZoo.create(config, V, manager, 5);
    TrainableModel b = ModelZoo.create(config, V, manager, 5);
    long[] ids = randomIds(2, 6, 3);
    assertEquals(0f, maxDiff(a.logits(manager.create(ids, new Shape(2, 6)), false), b.logits(manager.create(ids, new Shape(2, 6)), false)));
  }

  @Test
  void dropoutKeepsCausalityInTrainingMode() {
    for (ModelConfig config : new ModelConfig[] {TinyModels.transformer(0.3), new Lstm.Config(2, 8, 16, 0.3),
        new LinearAttentionTransformer.Config(2, 16, 2, 32, 0.3, PositionEncoding.LEARNED, 64)}) {
      TrainableModel model = ModelZoo.create(config, V, manager, 9);
      int b = 2, t = 10, changed = 6;
      long[] ids = randomIds(b, t, 4);
      long[] other = ids.clone();
      for (int row = 0; row < b; row++) other[row * t + changed] = other[row * t + changed] == 3 ? 4 : 3;
      // Same seed before each pass: the same dropout masks, so only causality can make a difference.
      Engine.getInstance().setRandomSeed(42);
      NDArray before = model.logits(manager.create(ids, new Shape(b, t)), true);
      Engine.getInstance().setRandomSeed(42);
      NDArray after = model.logits(manager.create(other, new Shape(b, t)), true);
      NDIndex earlier = new NDIndex(":, :{}, :", changed);
      assertEquals(0f, maxDiff(before.get(earlier), after.get(earlier)), 1e-6f, config.toString());
      // And dropout is really on: another seed gives other logits.
      Engine.getInstance().setRandomSeed(43);
      NDArray again = model.logits(manager.create(ids, new Shape(b, t)), true);
      assertTrue(maxDiff(before, again) > 1e-4, config + ": dropout had no effect in training mode");
      // In evaluation mode dropout is off: two passes agree.
      NDArray eval1 = model.logits(manager.create(ids, new Shape(b, t)), false);
      NDArray eval2 = model.logits(manager.create(ids, new Shape(b, t)), false);
      assertEquals(0f, maxDiff(eval1, eval2), config.toString());
    }
  }

  @Test
  void parameterCountsFollowTheArchitecture() {
    int d = 16, f = 32, l = 2, max = 64;
    long layer = 2 * (2L * d) + (3L * d * d + 3 * d) + (d * d + d) + (d * f + f) + (f * d + d);
    long transformer = (long) V * d + (long) max * d + l * layer + 2 * d + (d * V + V);
    assertEquals(transformer, ModelZoo.create(TinyModels.transformer(0), V, manager, 1).parameterCount());
    assertEquals(
        transformer,
        ModelZoo.create(new LinearAttentionTransformer.Config(l, d, 2, f, 0, PositionEncoding.LEARNED, max), V, manager, 1)
            .parameterCount());
    assertEquals(
        transformer - (long) max * d,
        ModelZoo.create(new Transformer.Config(l, d, 2, f, 0, PositionEncoding.SINUSOIDAL, max), V, manager, 1).parameterCount());
    int e = 8, h = 16;
    long lstm = (long) V * e + (4L * h * (e + h) + 8 * h) + (4L * h * (h + h) + 8 * h) + (h * V + V);
    assertEquals(lstm, ModelZoo.create(new Lstm.Config(2, e, h, 0), V, manager, 1).parameterCount());
    assertEquals(3L * V * V + V, ModelZoo.create(new WindowLinear.Config(3), V, manager, 1).parameterCount());
    assertEquals(0, ModelZoo.create(new Uniform.Config(), V, manager, 1).parameterCount());
  }

  @Test
  void uniformPutsEqualMassOnSymbolsAndEosOnly() {
    Vocabulary vocabulary = new Vocabulary(java.util.List.of("a", "b", "c"));
    TrainableModel model = ModelZoo.create(new Uniform.Config(), vocabulary.size(), manager, 1);
    float[] p = model.logits(manager.create(new long[] {1, 3, 4}, new Shape(1, 3)), false).softmax(-1).toFloatArray();
    for (int pos = 0; pos < 3; pos++)
      for (int id = 0; id < vocabulary.size(); id++) {
        float expected = id == Vocabulary.PAD || id == Vocabulary.SOS ? 0f : 0.25f;
        assertEquals(expected, p[pos * vocabulary.size() + id], 1e-6f, "position " + pos + " id " + id);
      }
    assertTrue(!model.isTrainable());
  }

  @Test
  void stopAtOncePutsAllButNoMassOffEos() {
    Vocabulary vocabulary = new Vocabulary(java.util.List.of("a", "b"));
    TrainableModel model = ModelZoo.create(new StopAtOnce.Config(), vocabulary.size(), manager, 1);
    float[] p = model.logits(manager.create(new long[] {1, 3, 4}, new Shape(1, 3)), false).softmax(-1).toFloatArray();
    for (int pos = 0; pos < 3; pos++) {
      assertEquals(1f, p[pos * vocabulary.size() + Vocabulary.EOS], 1e-9f, "position " + pos);
      for (int id : vocabulary.symbolIds()) assertTrue(p[pos * vocabulary.size() + id] < 1e-12f);
    }
    assertEquals(0, model.parameterCount());
    assertTrue(!model.isTrainable());
  }
}
