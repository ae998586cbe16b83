package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.UserError;

/**
 * The transformer's block options (post-LN, ReLU, LayerNorm epsilon, embeddings scaled by
 * sqrt(D)) against a plain-Java forward pass in double precision, written from their definitions
 * (PyTorch's nn.TransformerEncoderLayer with norm_first False for post-LN). Each case differs from
 * the GPT-style block by one option, and the reference outputs of the two differ clearly, so a
 * model that ignored the option would fail its case.
 */
class TransformerOptionsTest extends ManagedTest {
  private static final int V = 6;
  private static final long[] IDS = {1, 3, 4, 3, 5, 4, 4, 3};

  private static Transformer.Config config(Transformer.Norm norm, Transformer.Nonlinearity activation, Double eps, Boolean scale) {
    return new Transformer.Config(2, 8, 2, 12, 0, PositionEncoding.SINUSOIDAL, 16, null, null, null, norm, activation, eps, scale);
  }

  static Stream<Transformer.Config> cases() {
    return Stream.of(
        config(Transformer.Norm.POST, null, null, null),
        config(null, Transformer.Nonlinearity.RELU, null, null),
        config(null, null, 0.5, null),
        config(null, null, null, true),
        config(Transformer.Norm.POST, Transformer.Nonlinearity.RELU, 6e-3, true));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void logitsMatchAPlainJavaForwardPassAndTheOptionMatters(Transformer.Config c) {
    Transformer model = (Transformer) ModelZoo.create(c, V, manager, 5);
    Map<String, float[]> p = TransformerAttentionTest.randomise(model, 23);
    float[] got = model.logits(manager.create(IDS, new Shape(1, IDS.length)), false).toFloatArray();
    double[] expected = forward(p, c, IDS);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    assertTrue(worst < 1e-3, c + ": logits differ from the plain-Java ones by " + worst);
    // The same parameters read as the GPT-style block: far from these logits, so ignoring an option is seen.
    Transformer.Config plain = config(null, null, null, null);
    double[] gpt = forwardWith(p, plain, IDS, c.postNorm() ? "post" : "pre");
    double apart = 0;
    for (int i = 0; i < expected.length; i++) apart = Math.max(apart, Math.abs(gpt[i] - expected[i]));
    assertTrue(apart > 0.05, c + ": the option changes the logits by only " + apart);
  }

  @Test
  void postNormHasNoFinalNormAndEveryOptionReadsFromJson() {
    Transformer.Config c = (Transformer.Config) ModelZoo.fromJson(
        "{\"architecture\": \"transformer\", \"norm\": \"post\", \"activation\": \"relu\", \"layerNormEps\": 0.006, \"scaleEmbedding\": true}");
    assertEquals(Transformer.Norm.POST, c.norm());
    assertEquals(Transformer.Nonlinearity.RELU, c.activation());
    assertEquals(0.006, c.layerNormEps());
    assertEquals(Boolean.TRUE, c.scaleEmbedding());
    Transformer post = (Transformer) ModelZoo.create(config(Transformer.Norm.POST, null, null, null), V, manager, 1);
    Transformer pre = (Transformer) ModelZoo.create(config(null, null, null, null), V, manager, 1);
    assertFalse(post.getParameters().keys().stream().anyMatch(k -> k.contains("finalNorm")));
    assertTrue(pre.getParameters().keys().stream().anyMatch(k -> k.contains("finalNorm")));
    Transformer.Config defaults = (Transformer.Config) ModelZoo.fromJson("{\"architecture\": \"transformer\"}");
    assertNull(defaults.norm());
    assertNull(defaults.scaleEmbedding());
    assertThrows(UserError.class, () -> config(null, null, 0.0, null));
  }

  /** The logits [T * V] of one sequence under the config's options. */
  static double[] forward(Map<String, float[]> p, Transformer.Config c, long[] ids) {
    return forwardWith(p, c, ids, null);
  }

  /**
   * The forward pass; names: which parameter layout to read (pre-LN has a final norm, post-LN
   * none), or null for the config's own.
   */
  private static double[] forwardWith(Map<String, float[]> p, Transformer.Config c, long[] ids, String names) {
    int d = c.dModel(), h = c.heads(), dh = d / h, t = ids.length, f = c.ffWidth();
    boolean post = c.norm() == Transformer.Norm.POST;
    boolean relu = c.activation() == Transformer.Nonlinearity.RELU;
    double eps = c.layerNormEps() == null ? 1e-5 : c.layerNormEps();
    double scale = Boolean.TRUE.equals(c.scaleEmbedding()) ? Math.sqrt(d) : 1;
    boolean hasFinal = names == null ? !post : names.equals("pre");
    float[] emb = TransformerAttentionTest.param(p, "tokens");
    double[][] x = new double[t][d];
    for (int pos = 0; pos < t; pos++)
      for (int j = 0; j < d; j += 2) {
        double angle = pos / Math.pow(10000, (double) j / d);
        x[pos][j] = emb[(int) ids[pos] * d + j] * scale + Math.sin(angle);
        x[pos][j + 1] = emb[(int) ids[pos] * d + j + 1] * scale + Math.cos(angle);
      }
    for (int l = 0; l < c.layers(); l++) {
      String n = "layer" + l + "_";
      double[][] a = post ? x : norm(x, p, n + "norm1", eps);
      double[][] qkv = dense(a, p, n + "qkv", 3 * d);
      double[][] merged = new double[t][d];
      for (int head = 0; head < h; head++)
        for (int i = 0; i < t; i++) {
          double[] s = new double[i + 1];
          double max = Double.NEGATIVE_INFINITY, sum = 0;
          for (int j = 0; j <= i; j++) {
            for (int k = 0; k < dh; k++) s[j] += qkv[i][head * dh + k] * qkv[j][d + head * dh + k] / Math.sqrt(dh);
            max = Math.max(max, s[j]);
          }
          for (int j = 0; j <= i; j++) sum += Math.exp(s[j] - max);
          for (int j = 0; j <= i; j++)
            for (int k = 0; k < dh; k++) merged[i][head * dh + k] += Math.exp(s[j] - max) / sum * qkv[j][2 * d + head * dh + k];
        }
      double[][] o = dense(merged, p, n + "proj", d);
      double[][] y = add(x, o);
      if (post) y = norm(y, p, n + "norm1", eps);
      double[][] hidden = dense(post ? y : norm(y, p, n + "norm2", eps), p, n + "fc1", f);
      for (double[] row : hidden) for (int k = 0; k < f; k++) row[k] = relu ? Math.max(0, row[k]) : gelu(row[k]);
      x = add(y, dense(hidden, p, n + "fc2", d));
      if (post) x = norm(x, p, n + "norm2", eps);
    }
    if (hasFinal) x = norm(x, p, "finalNorm", eps);
    double[][] logits = dense(x, p, "head", V);
    double[] out = new double[t * V];
    for (int i = 0; i < t; i++) System.arraycopy(logits[i], 0, out, i * V, V);
    return out;
  }

  private static double[][] dense(double[][] x, Map<String, float[]> p, String name, int out) {
    float[] w = TransformerAttentionTest.param(p, name + "_weight"), b = TransformerAttentionTest.param(p, name + "_bias");
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int i = 0; i < x.length; i++)
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int j = 0; j < in; j++) s += w[o * in + j] * x[i][j];
        y[i][o] = s;
      }
    return y;
  }

  private static double[][] norm(double[][] x, Map<String, float[]> p, String name, double eps) {
    float[] gain = TransformerAttentionTest.param(p, name + "_gain"), shift = TransformerAttentionTest.param(p, name + "_shift");
    int d = x[0].length;
    double[][] y = new double[x.length][d];
    for (int i = 0; i < x.length; i++) {
      double mean = 0, var = 0;
      for (double v : x[i]) mean += v / d;
      for (double v : x[i]) var += (v - mean) * (v - mean) / d;
      for (int j = 0; j < d; j++) y[i][j] = (x[i][j] - mean) / Math.sqrt(var + eps) * gain[j] + shift[j];
    }
    return y;
  }

  private static double[][] add(double[][] a, double[][] b) {
    double[][] y = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) y[i][j] = a[i][j] + b[i][j];
    return y;
  }

  /** x Phi(x), Phi from erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
  private static double gelu(double x) {
    double z = Math.abs(x) / Math.sqrt(2), t = 1 / (1 + 0.3275911 * z);
    double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
    return x * 0.5 * (1 + Math.signum(x) * erf);
  }
}
