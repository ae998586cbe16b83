package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;

/**
 * The factored input: a composite id's vector is the sum of its feature rows, computed here in
 * plain Java from the tables, and models built with it keep the model contract on a vocabulary
 * that mixes plain and composite ids.
 */
class InputEmbeddingTest extends ManagedTest {
  private static final int F1 = 4, F2 = 3, PLAIN = 5, V = PLAIN + F1 * F2, D = 6; // PAD, SOS, EOS, two labels, 12 stimuli
  /** A block that owns nothing but the embedding, so its parameters are the embedding's tables. */
  private static final class Owner extends Layer {}

  private Map<String, float[]> tables(Owner owner) {
    Map<String, float[]> out = new HashMap<>();
    for (Pair<String, Parameter> p : owner.getParameters()) out.put(p.getKey(), p.getValue().getArray().toFloatArray());
    return out;
  }

  @Test
  void aCompositeIdIsTheSumOfItsFeatureRowsAndOtherIdsKeepTheirOwnRow() {
    Owner owner = new Owner();
    InputEmbedding embedding = new InputEmbedding(owner, List.of(F1, F2), null, V, D);
    owner.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    assertEquals(PLAIN, embedding.offset());
    Map<String, float[]> t = tables(owner);
    assertEquals(PLAIN * D, t.get("tokens").length);
    assertEquals(F1 * D, t.get("feature0").length);
    assertEquals(F2 * D, t.get("feature1").length);

    long[] ids = new long[V];
    for (int i = 0; i < V; i++) ids[i] = i;
    float[] got = embedding.apply(manager.create(ids, new Shape(1, V))).toFloatArray(); // [1, V, D]
    for (int id = 0; id < V; id++) {
      for (int j = 0; j < D; j++) {
        float expected;
        if (id < PLAIN) expected = t.get("tokens")[id * D + j];
        else {
          int f1 = (id - PLAIN) / F2, f2 = (id - PLAIN) % F2; // id = offset + f1 * F2 + f2
          expected = t.get("feature0")[f1 * D + j] + t.get("feature1")[f2 * D + j];
        }
        assertEquals(expected, got[id * D + j], 1e-6f, "id " + id + ", component " + j);
      }
    }
  }

  @Test
  void threeFactorsReadTheIdAsAMixedRadixNumber() {
    Owner owner = new Owner();
    InputEmbedding embedding = new InputEmbedding(owner, List.of(2, 3, 2), null, 3 + 12, D);
    owner.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    Map<String, float[]> t = tables(owner);
    int id = 3 + 1 * 6 + 2 * 2 + 1; // digits (1, 2, 1)
    float[] got = embedding.apply(manager.create(new long[] {id}, new Shape(1, 1))).toFloatArray();
    for (int j = 0; j < D; j++)
      assertEquals(t.get("feature0")[D + j] + t.get("feature1")[2 * D + j] + t.get("feature2")[D + j], got[j], 1e-6f);
  }

  @Test
  void thePlainInputIsTheOneTokenTableModelsAlwaysHad() {
    Owner owner = new Owner();
    InputEmbedding embedding = new InputEmbedding(owner, null, null, V, D);
    owner.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    assertEquals(1, owner.getParameters().size());
    assertEquals("tokens", owner.getParameters().get(0).getKey());
    assertEquals(new Shape(V, D), owner.getParameters().get(0).getValue().getArray().getShape());
    float[] table = tables(owner).get("tokens");
    float[] got = embedding.apply(manager.create(new long[] {V - 1}, new Shape(1, 1))).toFloatArray();
    for (int j = 0; j < D; j++) assertEquals(table[(V - 1) * D + j], got[j]);
  }

  private List<ModelConfig> factoredModels() {
    return List.of(
        new Transformer.Config(2, 16, 2, 32, 0, PositionEncoding.LEARNED, 64, List.of(F1, F2), null),
        new Transformer.Config(1, 8, 1, 16, 0, PositionEncoding.SINUSOIDAL, 64, List.of(F1, F2), 1.0),
        new Lstm.Config(1, 8, 16, 0, List.of(F1, F2), 0.5));
  }

  private long[] mixedIds(int b, int t, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] ids = new long[b * t];
    for (int i = 0; i < ids.length; i++) ids[i] = i % t == 0 ? Vocabulary.SOS : 1 + rnd.nextInt(V - 1);
    return ids;
  }

  @Test
  void incrementalDecodingEqualsRecomputeOnPlainAndCompositeIds() {
    int b = 3, t = 18;
    long[] ids = mixedIds(b, t, 5);
    for (ModelConfig config : factoredModels()) {
      TrainableModel model = ModelZoo.create(config, V, manager, 2);
      try (NDManager scope = manager.newSubManager(); DecodeState state = model.start(scope, b)) {
        NDArray all = model.logits(scope.create(ids, new Shape(b, t)), false);
        for (int pos = 0; pos < t; pos++) {
          long[] column = new long[b];
          for (int row = 0; row < b; row++) column[row] = ids[row * t + pos];
          float diff = state.step(scope.create(column)).sub(all.get(new NDIndex(":, {}, :", pos))).abs().max().getFloat();
          assertTrue(diff <= 1e-4, config + ": position " + pos + " differs by " + diff);
        }
      }
    }
  }

  @Test
  void factoredModelsHoldPlainRowsForTheOtherIdsAndOneTablePerFeature() {
    for (ModelConfig config : factoredModels()) {
      TrainableModel model = ModelZoo.create(config, V, manager, 3);
      List<String> names = model.getParameters().keys();
      assertTrue(names.containsAll(List.of("tokens", "feature0", "feature1")), config + ": " + names);
      assertEquals(new Shape(PLAIN, config instanceof Lstm.Config l ? l.embedding() : ((Transformer.Config) config).dModel()),
          model.getParameters().get("tokens").getArray().getShape());
    }
    long plainCount = ModelZoo.create(new Transformer.Config(2, 16, 2, 32, 0, PositionEncoding.LEARNED, 64), V, manager, 1).parameterCount();
    long factoredCount = ModelZoo.create(factoredModels().get(0), V, manager, 1).parameterCount();
    assertEquals(plainCount - (long) F1 * F2 * 16 + (long) (F1 + F2) * 16, factoredCount);
  }

  @Test
  void inputStdSetsTheInitialScaleOfEveryInputTable() {
    for (Double std : new Double[] {null, 1.0}) {
      Owner owner = new Owner();
      new InputEmbedding(owner, List.of(16, 16), std, 3 + 256, 32);
      owner.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
      double expected = std == null ? 0.02 : std;
      for (Map.Entry<String, float[]> table : tables(owner).entrySet()) {
        float[] w = table.getValue();
        double ss = 0;
        for (float x : w) ss += x * x;
        double measured = Math.sqrt(ss / w.length); // tokens: 96 draws, features: 512 each
        assertEquals(expected, measured, 0.25 * expected, table.getKey() + " with inputStd " + std);
      }
    }
    UserError bad = assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"lstm\", \"inputStd\": 0}"));
    assertTrue(bad.getMessage().contains("inputStd must be a positive number"), bad.getMessage());
  }

  @Test
  void factorsAreReadFromJsonAndAPlainConfigWritesNone() {
    ModelConfig c = ModelZoo.fromJson("{\"architecture\": \"transformer\", \"factors\": [16, 16]}");
    assertEquals(List.of(16, 16), ((Transformer.Config) c).factors());
    assertEquals(c, ModelZoo.fromJson(ModelZoo.toJson(c).toString()));
    assertEquals(List.of(4, 4), ((Lstm.Config) ModelZoo.fromJson("{\"architecture\": \"lstm\", \"factors\": [4, 4]}")).factors());
    // Configurations written before factors existed stay byte-identical.
    for (String key : List.of("factors", "inputStd")) {
      assertFalse(ModelZoo.toJson(Transformer.Config.DEFAULTS).has(key));
      assertFalse(ModelZoo.toJson(Lstm.Config.DEFAULTS).has(key));
    }
    assertEquals(1.0, ((Transformer.Config) ModelZoo.fromJson("{\"architecture\": \"transformer\", \"inputStd\": 1}")).inputStd());
  }

  @Test
  void factorsThatMakeNoSenseAreUserErrors() {
    UserError one = assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"lstm\", \"factors\": [16]}"));
    assertTrue(one.getMessage().contains("at least two"), one.getMessage());
    UserError zero = assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"transformer\", \"factors\": [0, 4]}"));
    assertTrue(zero.getMessage().contains("at least 1"), zero.getMessage());
    Transformer.Config big = new Transformer.Config(1, 8, 1, 16, 0, PositionEncoding.LEARNED, 64, List.of(16, 16), null);
    UserError tooMany = assertThrows(UserError.class, () -> ModelZoo.build(big, 100));
    assertTrue(tooMany.getMessage().contains("256 composite ids, more than the 97 symbols"), tooMany.getMessage());
  }
}
