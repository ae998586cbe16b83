package org.rulex.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two initialisations, read back from built models: "small" keeps every table and matrix at
 * standard deviation 0.02 and biases at 0; "pytorch" gives linear layers U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)) and tables N(0, 1); leaving init out is "small" and writes no key.
 */
class InitialisationTest {
  private static final int V = 40;

  /** Parameter name -> (standard deviation, largest magnitude, fan-in from the shape). */
  private static Map<String, double[]> stats(ModelConfig config) {
    Map<String, double[]> out = new HashMap<>();
    try (NDManager m = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, V, m, 3);
      for (Pair<String, Parameter> p : model.getParameters()) {
        NDArray a = p.getValue().getArray();
        float[] v = a.toFloatArray();
        double sum = 0, sq = 0, max = 0;
        for (float x : v) { sum += x; sq += x * x; max = Math.max(max, Math.abs(x)); }
        double mean = sum / v.length;
        long fanIn = a.getShape().dimension() == 2 ? a.getShape().get(1) : -1;
        out.put(p.getKey(), new double[] {Math.sqrt(sq / v.length - mean * mean), max, fanIn});
      }
    }
    return out;
  }

  private static Transformer.Config transformer(Initialisation init) {
    return new Transformer.Config(2, 64, 1, 256, 0, PositionEncoding.LEARNED, 64, null, null, init);
  }

  @Test
  void smallKeepsEveryMatrixNearTwoHundredthsAndPytorchWidensThem() {
    Map<String, double[]> small = stats(transformer(null));
    Map<String, double[]> torch = stats(transformer(Initialisation.PYTORCH));
    assertEquals(small.keySet(), torch.keySet(), "the same parameters: checkpoints keep their layout");
    int linear = 0;
    for (var e : small.entrySet()) {
      String name = e.getKey();
      double[] s = e.getValue(), t = torch.get(name);
      if (name.contains("norm")) continue; // LayerNorm: ones and zeros in both
      if (name.endsWith("tokens") || name.endsWith("table")) {
        assertEquals(0.02, s[0], 0.004, name);
        assertEquals(1.0, t[0], 0.1, name);
      } else if (name.endsWith("weight") && t[2] > 0) {
        linear++;
        assertEquals(0.02, s[0], 0.004, name);
        double bound = 1 / Math.sqrt(t[2]);
        assertTrue(t[1] <= bound + 1e-6, name + ": beyond U(-" + bound + ", " + bound + "): " + t[1]);
        assertEquals(bound / Math.sqrt(3), t[0], 0.15 * bound, name + ": a uniform's standard deviation");
      } else if (name.endsWith("bias")) {
        assertEquals(0, s[1], 0, name + " starts at 0 when small");
        assertTrue(t[1] > 0, name + " is drawn when pytorch");
      }
    }
    assertTrue(linear >= 9, "qkv, proj, fc1, fc2 per layer and the head: " + linear);
  }

  @Test
  void anExplicitInputStdWinsOverTheScheme() {
    Map<String, double[]> t = stats(new Transformer.Config(1, 32, 1, 64, 0, PositionEncoding.LEARNED, 16, null, 0.5, Initialisation.PYTORCH));
    double[] tokens = t.entrySet().stream().filter(e -> e.getKey().endsWith("tokens")).findFirst().orElseThrow().getValue();
    assertEquals(0.5, tokens[0], 0.06);
  }

  @Test
  void theLstmAndLinearAttentionTakeItToo() {
    Map<String, double[]> lstm = stats(new Lstm.Config(1, 32, 64, 0, null, null, Initialisation.PYTORCH));
    assertEquals(1.0, lstm.entrySet().stream().filter(e -> e.getKey().endsWith("tokens")).findFirst().orElseThrow().getValue()[0], 0.1);
    Map<String, double[]> lin = stats(new LinearAttentionTransformer.Config(1, 32, 1, 64, 0, PositionEncoding.LEARNED, 16, Initialisation.PYTORCH));
    assertEquals(1.0, lin.entrySet().stream().filter(e -> e.getKey().endsWith("tokens")).findFirst().orElseThrow().getValue()[0], 0.1);
  }

  @Test
  void leftOutItIsSmallAndWritesNoKeyAndPytorchRoundTrips() {
    assertFalse(ModelZoo.toJson(transformer(null)).has("init"));
    String json = ModelZoo.toJson(transformer(Initialisation.PYTORCH)).toString();
    assertTrue(json.contains("\"init\":\"pytorch\""), json);
    assertEquals(transformer(Initialisation.PYTORCH), ModelZoo.fromJson(json));
    for (ModelConfig c : List.of(new Lstm.Config(1, 8, 8, 0, null, null, Initialisation.PYTORCH),
        new LinearAttentionTransformer.Config(1, 8, 1, 8, 0, PositionEncoding.LEARNED, 8, Initialisation.PYTORCH)))
      assertEquals(c, ModelZoo.fromJson(ModelZoo.toJson(c).toString()));
  }
}
