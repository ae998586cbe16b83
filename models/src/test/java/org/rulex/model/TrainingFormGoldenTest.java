package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training forms of Mamba and xLSTM against their step-by-step reference forms, computed live
 * on the same weights and ids: the logits, and the gradient of every parameter, agree within
 * 1e-5 of the larger of 1 and the reference array's largest entry (absolute for arrays of small
 * entries, relative to the array's scale otherwise: an entry's own size is no scale for a gradient
 * that is a sum with cancellation). Each parameter is moved off its initial value by
 * Gaussian noise first, so that zero-initialised weights (xLSTM's recurrent and gate weights) take
 * part, and the loss weighs every logit with a fixed random coefficient.
 */
class TrainingFormGoldenTest {
  private static final double TOLERANCE = 1e-5;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of(new Mamba.Config(2, 16, 8, 4, 2), 13), // Mamba: two layers
        Arguments.of(new Mamba.Config(1, 32, 16, 4, 2), 13), // the quick preset's Mamba
        Arguments.of(new Mamba.Config(1, 8, 4, 3, 2), 1), // one token: the first step alone
        Arguments.of(new Xlstm.Config(1, 16, 4, List.of(0), 4, 1.3), 13), // one sLSTM block
        Arguments.of(new Xlstm.Config(1, 16, 4, List.of(), 4, 1.3), 13), // one mLSTM block
        Arguments.of(new Xlstm.Config(2, 32, 4, List.of(1), 4, 1.3), 13), // the quick preset's xLSTM: mLSTM, then sLSTM
        Arguments.of(new Xlstm.Config(2, 32, 4, List.of(1), 4, 1.3), 31), // at the quick preset's sequence length
        Arguments.of(new Mamba.Config(1, 32, 16, 4, 2), 31),
        Arguments.of(new Xlstm.Config(2, 8, 2, List.of(0), 3, 1.3), 1)); // one token
  }

  @ParameterizedTest
  @MethodSource("configs")
  void trainingFormMatchesTheStepwiseForm(ModelConfig config, int t) {
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, TinyModels.VOCAB, manager, 7);
      Engine.getInstance().setRandomSeed(11);
      for (Pair<String, Parameter> p : model.getParameters()) {
        NDArray w = p.getValue().getArray();
        w.addi(manager.randomNormal(0f, 0.2f, w.getShape(), w.getDataType()));
        w.setRequiresGradient(true);
      }
      int b = 3;
      SplittableRandom rnd = new SplittableRandom(5);
      long[] ids = new long[b * t];
      for (int i = 0; i < ids.length; i++) ids[i] = i % t == 0 ? 1 : 1 + rnd.nextInt(TinyModels.VOCAB - 1);
      NDArray input = manager.create(ids, new Shape(b, t));
      NDArray weights = manager.randomNormal(new Shape(b, t, TinyModels.VOCAB));

      BiFunction<TrainableModel, NDArray, NDArray> stepwise = switch (config.architecture()) {
        case "mamba" -> (m, x) -> ((Mamba) m).stepwiseLogits(x);
        case "xlstm" -> (m, x) -> ((Xlstm) m).stepwiseLogits(x);
        default -> throw new IllegalArgumentException(config.architecture());
      };
      Map<String, float[]> reference = run(model, input, weights, stepwise);
      Map<String, float[]> training = run(model, input, weights, (m, x) -> m.logits(x, true));
      assertEquals(reference.keySet(), training.keySet());
      for (String key : reference.keySet()) {
        float[] expected = reference.get(key), actual = training.get(key);
        assertEquals(expected.length, actual.length, key);
        double scale = 0, worst = 0;
        for (float e : expected) {
          assertTrue(Float.isFinite(e), config + " " + key + ": the reference is not finite");
          scale = Math.max(scale, Math.abs(e));
        }
        // With one token, A and R never act (they act from the second position on): zero gradients there.
        assertTrue(scale > 0 || t == 1, config + " " + key + ": the reference is all zeros, nothing is compared");
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        double relative = worst / Math.max(1, scale);
        assertTrue(relative <= TOLERANCE, config + " " + key + ": differs from the stepwise form by " + worst + " (largest entry " + scale + ")");
      }
    }
  }

  /**
   * The sLSTM cell's recurrence (and Mamba's scan) runs outside libtorch's autograd: a backward pass through the
   * collector alone leaves its part of the gradient out, so the next forward pass is refused.
   */
  @Test
  void aBackwardPassThatSkipsTheDeferredPartIsRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(new Xlstm.Config(1, 8, 2, List.of(0), 3, 1.3), TinyModels.VOCAB, manager, 7);
      for (Pair<String, Parameter> p : model.getParameters()) p.getValue().getArray().setRequiresGradient(true);
      NDArray input = manager.create(new long[] {1, 3, 4, 3}, new Shape(1, 4));
      try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(model.logits(input, true).sum());
        assertThrows(IllegalStateException.class, () -> model.logits(input, true));
        model.backward(gc, model.logits(input, true).sum()); // refused once, then usable again
        model.logits(input, true); // and this one was backed through the model: nothing owed
      }
    }
  }

  /** Run in Java, the convolution's gradients exist only through a deferred part: without a model to defer it to, recording gradients is refused. */
  @Test
  void theConvolutionInJavaRefusesGradientsWithNowhereToDeferThem() {
    try (NDManager manager = NDManager.newBaseManager()) {
      CausalConv conv = new CausalConv(4, 3);
      conv.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 5, 4));
      NDArray x = manager.randomNormal(new Shape(1, 5, 4));
      assertEquals(5 * 4, conv.sequence(x, null).size(), "without gradients it runs");
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        assertThrows(IllegalStateException.class, () -> conv.sequence(x, null));
      }
    }
  }

  /** Logits and every parameter's gradient of sum(logits * weights). */
  private static Map<String, float[]> run(TrainableModel model, NDArray input, NDArray weights, BiFunction<TrainableModel, NDArray, NDArray> form) {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (NDManager step = input.getManager().newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray logits = form.apply(model, input);
      model.backward(gc, logits.mul(weights).sum());
      out.put("logits", logits.toFloatArray());
    }
    for (Pair<String, Parameter> p : model.getParameters()) {
      NDArray g = p.getValue().getArray().getGradient();
      out.put(p.getKey(), g.toFloatArray());
      g.muli(0); // gradients accumulate on a parameter from one backward pass to the next
      g.close();
    }
    return out;
  }
}
