package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rulex.UserError;

/**
 * Rotary positions and the attention read-out of {@link Transformer}, against a plain-Java
 * computation (double precision) of embeddings, LayerNorm, the q/k projection, the rotation and
 * the masked softmax from the model's own parameters.
 */
class TransformerAttentionTest extends ManagedTest {
  private static final int V = 7;
  /** Every parameter set to N(0, 0.5): far from the initial ones, so that attention is far from uniform. */
  static Map<String, float[]> randomise(TrainableModel model, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, float[]> values = new HashMap<>();
    for (Pair<String, Parameter> p : model.getParameters()) {
      NDArray a = p.getValue().getArray();
      float[] v = new float[Math.toIntExact(a.size())];
      for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 * gaussian(rnd));
      a.set(v);
      values.put(p.getKey().replaceAll("(^|_)\\d\\d", "$1"), v); // DJL numbers the children: 02layer0_01norm1_gain
    }
    return values;
  }

  private static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log1p(-rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  static float[] param(Map<String, float[]> values, String name) {
    float[] v = values.get(name);
    if (v == null) throw new AssertionError("no parameter " + name + " among " + values.keySet());
    return v;
  }

  /** The rotation of pairs (i, i + Dh/2) by pos * 10000^(-2i/Dh), written from the definition. */
  private static double[] rotate(double[] x, int pos) {
    int dh = x.length, half = dh / 2;
    double[] out = new double[dh];
    for (int i = 0; i < half; i++) {
      double angle = pos * Math.pow(10000, -2.0 * i / dh);
      out[i] = x[i] * Math.cos(angle) - x[i + half] * Math.sin(angle);
      out[i + half] = x[i + half] * Math.cos(angle) + x[i] * Math.sin(angle);
    }
    return out;
  }

  /**
   * First-layer attention weights [H][T][T] of one sequence, in plain Java: embedding (plus the
   * learned position row or the sinusoids), LayerNorm over D, q and k rows of the qkv projection, rotation for
   * rotary, scaled dot products, causal softmax.
   */
  private static double[][][] firstLayerWeights(Map<String, float[]> p, Transformer.Config c, long[] ids) {
    int d = c.dModel(), h = c.heads(), dh = d / h, t = ids.length;
    float[] emb = param(p, "tokens"), gain = param(p, "layer0_norm1_gain"), shift = param(p, "layer0_norm1_shift");
    float[] w = param(p, "layer0_qkv_weight"), b = param(p, "layer0_qkv_bias"); // [3D, D], [3D]
    float[] table = c.positions() == PositionEncoding.LEARNED ? param(p, "positions_table") : null;
    double[][][] q = new double[h][t][], k = new double[h][t][];
    for (int pos = 0; pos < t; pos++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) x[j] = emb[(int) ids[pos] * d + j] + (table == null ? 0 : table[pos * d + j]);
      if (c.positions() == PositionEncoding.SINUSOIDAL)
        for (int j = 0; j < d; j += 2) {
          x[j] += Math.sin(pos / Math.pow(10000, (double) j / d));
          x[j + 1] += Math.cos(pos / Math.pow(10000, (double) j / d));
        }
      double mean = 0, var = 0;
      for (double v : x) mean += v / d;
      for (double v : x) var += (v - mean) * (v - mean) / d;
      for (int j = 0; j < d; j++) x[j] = (x[j] - mean) / Math.sqrt(var + 1e-5) * gain[j] + shift[j];
      for (int head = 0; head < h; head++) {
        double[] qh = new double[dh], kh = new double[dh];
        for (int i = 0; i < dh; i++) {
          int qRow = head * dh + i, kRow = d + head * dh + i;
          double sq = b[qRow], sk = b[kRow];
          for (int j = 0; j < d; j++) {
            sq += w[qRow * d + j] * x[j];
            sk += w[kRow * d + j] * x[j];
          }
          qh[i] = sq;
          kh[i] = sk;
        }
        boolean rotary = c.positions() == PositionEncoding.ROTARY;
        q[head][pos] = rotary ? rotate(qh, pos) : qh;
        k[head][pos] = rotary ? rotate(kh, pos) : kh;
      }
    }
    double[][][] out = new double[h][t][t];
    for (int head = 0; head < h; head++)
      for (int i = 0; i < t; i++) {
        double[] s = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j <= i; j++) {
          for (int a = 0; a < dh; a++) s[j] += q[head][i][a] * k[head][j][a] / Math.sqrt(dh);
          max = Math.max(max, s[j]);
        }
        for (int j = 0; j <= i; j++) sum += Math.exp(s[j] - max);
        for (int j = 0; j <= i; j++) out[head][i][j] = Math.exp(s[j] - max) / sum;
      }
    return out;
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void firstLayerWeightsMatchAPlainJavaComputation(PositionEncoding positions) {
    Transformer.Config c = new Transformer.Config(2, 8, 2, 12, 0, positions, 16);
    Transformer model = (Transformer) ModelZoo.create(c, V, manager, 3);
    Map<String, float[]> p = randomise(model, 17);
    long[] ids = {1, 3, 4, 3, 5, 6, 3, 4, 4};
    List<NDArray> weights = model.attentionWeights(manager.create(ids, new Shape(1, ids.length)));
    assertEquals(2, weights.size());
    assertEquals(new Shape(1, 2, ids.length, ids.length), weights.get(0).getShape());
    float[] got = weights.get(0).toFloatArray();
    double[][][] expected = firstLayerWeights(p, c, ids);
    double worst = 0, spread = 0;
    for (int head = 0; head < 2; head++)
      for (int i = 0; i < ids.length; i++)
        for (int j = 0; j < ids.length; j++) {
          double e = expected[head][i][j];
          worst = Math.max(worst, Math.abs(got[(head * ids.length + i) * ids.length + j] - e));
          if (j <= i) spread = Math.max(spread, Math.abs(e - 1.0 / (i + 1)));
        }
    assertTrue(worst < 1e-4, positions + ": attention weights differ from the plain-Java ones by " + worst);
    assertTrue(spread > 0.2, positions + ": the case is too close to uniform attention to tell anything (" + spread + ")");
  }

  @Test
  void rotaryScoresDependOnTheOffsetOnly() {
    Positions rotary = new Positions(PositionEncoding.ROTARY, 64, 8, Initialisation.SMALL);
    SplittableRandom rnd = new SplittableRandom(5);
    float[] q = new float[8], k = new float[8];
    for (int i = 0; i < 8; i++) {
      q[i] = (float) gaussian(rnd);
      k[i] = (float) gaussian(rnd);
    }
    double[] scores = new double[3];
    int[][] pairs = {{5, 2}, {20, 17}, {40, 37}}; // offset 3 each time
    for (int i = 0; i < pairs.length; i++) {
      NDArray rq = rotary.rotate(manager.create(q, new Shape(1, 1, 1, 8)), pairs[i][0]);
      NDArray rk = rotary.rotate(manager.create(k, new Shape(1, 1, 1, 8)), pairs[i][1]);
      scores[i] = rq.mul(rk).sum().getFloat();
    }
    assertEquals(scores[0], scores[1], 1e-4);
    assertEquals(scores[0], scores[2], 1e-4);
    NDArray other = rotary.rotate(manager.create(q, new Shape(1, 1, 1, 8)), 9);
    double shifted = other.mul(rotary.rotate(manager.create(k, new Shape(1, 1, 1, 8)), 2)).sum().getFloat();
    assertTrue(Math.abs(shifted - scores[0]) > 1e-3, "another offset gives the same score");
    // And the rotation keeps lengths.
    assertEquals(manager.create(q).norm().getFloat(), rotary.rotate(manager.create(q, new Shape(1, 1, 1, 8)), 33).norm().getFloat(), 1e-5);
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void readOutRowsAreCausalDistributionsAndMatchAPrefixRecompute(PositionEncoding positions) {
    Transformer.Config c = new Transformer.Config(3, 16, 2, 16, 0, positions, 32);
    Transformer model = (Transformer) ModelZoo.create(c, V, manager, 4);
    randomise(model, 8);
    int b = 3, t = 14, prefix = 9;
    SplittableRandom rnd = new SplittableRandom(2);
    long[] ids = new long[b * t], head = new long[b * prefix];
    for (int i = 0; i < ids.length; i++) ids[i] = i % t == 0 ? 1 : 3 + rnd.nextInt(V - 3);
    for (int r = 0; r < b; r++) System.arraycopy(ids, r * t, head, r * prefix, prefix);
    List<NDArray> full = model.attentionWeights(manager.create(ids, new Shape(b, t)));
    List<NDArray> part = model.attentionWeights(manager.create(head, new Shape(b, prefix)));
    assertEquals(3, full.size());
    for (int layer = 0; layer < 3; layer++) {
      NDArray w = full.get(layer);
      assertEquals(new Shape(b, 2, t, t), w.getShape());
      float rowError = w.sum(new int[] {3}).sub(1f).abs().max().getFloat();
      assertTrue(rowError < 1e-5, "layer " + layer + ": rows do not sum to 1 (" + rowError + ")");
      float[] v = w.toFloatArray();
      for (int i = 0; i < v.length; i++) {
        int query = (i / t) % t, key = i % t;
        if (key > query) assertEquals(0f, v[i], 0f, "layer " + layer + ": weight on a later key");
      }
      // The first prefix rows of a longer input are the weights of the prefix alone: causality.
      float diff = w.get(new NDIndex(":, :, :{}, :{}", prefix, prefix)).sub(part.get(layer)).abs().max().getFloat();
      assertTrue(diff < 1e-5, positions + " layer " + layer + ": prefix weights differ by " + diff);
    }
  }

  @Test
  void rotaryAddsNothingToTheInputAndHasNoTable() {
    Transformer.Config rotary = new Transformer.Config(2, 16, 2, 32, 0, PositionEncoding.ROTARY, 64);
    Transformer.Config sinusoidal = new Transformer.Config(2, 16, 2, 32, 0, PositionEncoding.SINUSOIDAL, 64);
    assertEquals(
        ModelZoo.create(sinusoidal, V, manager, 1).parameterCount(), ModelZoo.create(rotary, V, manager, 1).parameterCount());
    assertEquals(0f, new Positions(PositionEncoding.ROTARY, 64, 16, Initialisation.SMALL).at(manager, 3, 5).abs().sum().getFloat());
    assertEquals(PositionEncoding.ROTARY,
        ((Transformer.Config) ModelZoo.fromJson("{\"architecture\": \"transformer\", \"positions\": \"rotary\"}")).positions());
  }

  @Test
  void rotaryNeedsAnEvenHeadWidthAndSoftmaxAttention() {
    UserError odd = assertThrows(UserError.class, () -> new Transformer.Config(1, 6, 2, 8, 0, PositionEncoding.ROTARY, 8));
    assertTrue(odd.getMessage().contains("even"), odd.getMessage());
    assertThrows(UserError.class, () -> new LinearAttentionTransformer.Config(1, 8, 1, 8, 0, PositionEncoding.ROTARY, 8));
  }
}
