package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.rulex.model.Transformer.HeadAblation;

/**
 * Head ablation at evaluation time, against the same model with its parameters edited by hand:
 * zeroing a head's output equals zeroing the output projection's columns that read it, and uniform
 * attention equals a head whose queries are 0 (every score equal, so the causal softmax is uniform
 * over keys 0..t). Each check also asserts that the ablation changed the logits, so an ablation
 * that is ignored fails it.
 */
class TransformerAblationTest extends ManagedTest {
  private static final int V = 7, D = 8, H = 2, DH = D / H;
  private static final long[] IDS = {1, 3, 4, 3, 5, 6, 3, 4, 4};

  private Transformer model(PositionEncoding positions) {
    return TinyModels.randomised((Transformer) ModelZoo.create(new Transformer.Config(2, D, H, 12, 0, positions, 16), V, manager, 3), 17, 0.5);
  }

  /** The parameter whose name, without DJL's child numbers, is {@code name} (layer0_proj_weight, say). */
  private static NDArray param(Transformer model, String name) {
    for (Pair<String, Parameter> p : model.getParameters())
      if (p.getKey().replaceAll("(^|_)\\d\\d", "$1").equals(name)) return p.getValue().getArray();
    throw new AssertionError("no parameter " + name);
  }

  private float[] logits(Transformer model) {
    return model.logits(manager.create(IDS, new Shape(1, IDS.length)), false).toFloatArray();
  }

  private float[] ablated(Transformer model, HeadAblation a, List<NDArray> weights) {
    return model.ablatedLogits(manager.create(IDS, new Shape(1, IDS.length)), List.of(a), weights).toFloatArray();
  }

  private static double maxDifference(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void aZeroedHeadIsTheModelWithoutItsOutputColumns(PositionEncoding positions) {
    Transformer model = model(positions);
    float[] plain = logits(model);
    float[] ablated = ablated(model, new HeadAblation(0, 1, HeadAblation.Kind.ZERO), null);
    assertTrue(maxDifference(plain, ablated) > 1e-2, "the ablation changed nothing");
    // By hand: proj reads merged[.., h Dh + i]; its weight is [out D, in D], so zero the columns of head 1.
    NDArray proj = param(model, "layer0_proj_weight");
    float[] w = proj.toFloatArray();
    for (int out = 0; out < D; out++) for (int i = DH; i < 2 * DH; i++) w[out * D + i] = 0;
    proj.set(w);
    float[] edited = logits(model);
    assertTrue(maxDifference(ablated, edited) < 1e-4, "zeroed head against edited projection: " + maxDifference(ablated, edited));
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void uniformAttentionIsAHeadWithoutQueriesAndGivesTheMeanOfTheValues(PositionEncoding positions) {
    Transformer model = model(positions);
    float[] plain = logits(model);
    List<NDArray> weights = new ArrayList<>();
    float[] ablated = ablated(model, new HeadAblation(0, 0, HeadAblation.Kind.UNIFORM), weights);
    assertTrue(maxDifference(plain, ablated) > 1e-3, "the ablation changed nothing: " + maxDifference(plain, ablated));
    int t = IDS.length;
    float[] w1 = weights.get(0).toFloatArray(); // [1, H, T, T]
    float[] before = model.attentionWeights(manager.create(IDS, new Shape(1, t))).get(0).toFloatArray();
    double fromUniform = 0;
    for (int q = 0; q < t; q++) for (int k = 0; k <= q; k++) fromUniform = Math.max(fromUniform, Math.abs(before[q * t + k] - 1.0 / (q + 1)));
    assertTrue(fromUniform > 0.05, "head 0 was nearly uniform already: " + fromUniform);
    for (int q = 0; q < t; q++)
      for (int k = 0; k < t; k++) {
        assertEquals(k <= q ? 1.0 / (q + 1) : 0, w1[q * t + k], 1e-6, "head 0 at " + q + ", " + k);
        assertEquals(before[(t + q) * t + k], w1[(t + q) * t + k], 1e-6, "head 1 untouched at " + q + ", " + k);
      }
    // By hand: with head 0's query rows (and bias) at 0 every score is 0, so its softmax is uniform over 0..t.
    NDArray qkvW = param(model, "layer0_qkv_weight"), qkvB = param(model, "layer0_qkv_bias"); // [3D, D], [3D]; q rows first
    float[] w = qkvW.toFloatArray(), b = qkvB.toFloatArray();
    for (int row = 0; row < DH; row++) {
      b[row] = 0;
      for (int j = 0; j < D; j++) w[row * D + j] = 0;
    }
    qkvW.set(w);
    qkvB.set(b);
    float[] edited = logits(model);
    assertTrue(maxDifference(ablated, edited) < 1e-4, "uniform head against zero queries: " + maxDifference(ablated, edited));
  }

  @Test
  void aHeadTheModelDoesNotHaveIsRefused() {
    Transformer model = model(PositionEncoding.LEARNED);
    NDArray ids = manager.create(IDS, new Shape(1, IDS.length));
    assertThrows(IllegalArgumentException.class, () -> model.ablatedLogits(ids, List.of(new HeadAblation(2, 0, HeadAblation.Kind.ZERO)), null));
    assertThrows(IllegalArgumentException.class, () -> model.ablatedLogits(ids, List.of(new HeadAblation(0, 2, HeadAblation.Kind.UNIFORM)), null));
  }
}
