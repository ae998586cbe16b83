package org.rulex.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.ModelZoo;
import org.rulex.model.TinyModels;
import org.rulex.model.TrainableModel;

/**
 * The training options of published setups, each against a hand computation: PAD targets in the
 * loss (the mean over every position of the padded batch), and the update rule (Adam without
 * decay, rulex's AdamW decaying matrices and tables only, torch.optim.AdamW decaying every
 * parameter), read off one step from known gradients.
 */
class TrainOptionsTest {
  private static final Vocabulary AB = new Vocabulary(List.of("a", "b"));

  private static List<int[]> words() {
    // Lengths 2, 6 and 4: the batch pads two rows, so PAD targets exist.
    return List.of(new int[] {3, 4}, new int[] {3, 3, 3, 4, 4, 4}, new int[] {3, 3, 4, 4});
  }

  private static TrainConfig config(double learningRate, double weightDecay, Boolean padInLoss, TrainConfig.Optimizer optimizer) {
    return new TrainConfig(1, 8, learningRate, weightDecay, 0, 0, 1, 0, 1, 64, padInLoss, optimizer);
  }

  /** Every weight set to N(0, 0.5) from a fixed seed: predictions far from uniform, so PAD targets weigh differently. */
  private static TrainableModel farFromUniform(TrainableModel model) {
    return TinyModels.randomised(model, 11, 0.5);
  }

  @Test
  void padInLossAveragesOverEveryPositionAndPadTargetsOnlyOtherwise() {
    try (NDManager m = NDManager.newBaseManager()) {
      Batch batch = Batch.of(words());
      double real = 0, all = 0; // sums of -log p over real targets and over every position
      TrainableModel probe = farFromUniform(ModelZoo.create(TinyModels.transformer(0), AB.size(), m, 4));
      float[] logits = probe.logits(batch.inputs(m), false).toFloatArray();
      int v = AB.size();
      for (int pos = 0; pos < batch.targets().length; pos++) {
        double z = 0;
        for (int k = 0; k < v; k++) z += Math.exp(logits[pos * v + k]);
        double nll = -(logits[pos * v + (int) batch.targets()[pos]] - Math.log(z));
        all += nll;
        if (batch.targets()[pos] != Vocabulary.PAD) real += nll;
      }
      double expectedReal = real / batch.realTokens(), expectedAll = all / batch.paddedTokens();
      assertTrue(batch.paddedTokens() > batch.realTokens());
      assertTrue(Math.abs(expectedReal - expectedAll) > 0.05, "the case cannot tell the two losses apart");
      for (Boolean pad : new Boolean[] {null, false, true}) {
        TrainableModel model = farFromUniform(ModelZoo.create(TinyModels.transformer(0), AB.size(), m, 4)); // the same weights
        try (TrainStep step = new TrainStep(model, config(1e-3, 0, pad, null), m)) {
          double loss = step.run(batch);
          assertEquals(Boolean.TRUE.equals(pad) ? expectedAll : expectedReal, loss, 1e-4, "padInLoss " + pad);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TrainConfig.Optimizer.class)
  void oneStepDecaysWhatTheUpdateRuleSays(TrainConfig.Optimizer rule) {
    double lr = 0.1, wd = 0.5;
    try (NDManager m = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(TinyModels.transformer(0), AB.size(), m, 6);
      Batch batch = Batch.of(words());
      Map<String, float[]> before = new LinkedHashMap<>(), grads = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : model.getParameters()) p.getValue().getArray().setRequiresGradient(true);
      try (NDManager step = m.newSubManager()) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
          c.backward(TeacherForcedLoss.sum(model.logits(batch.inputs(step), true), batch.targets(step)).div(batch.realTokens()));
        }
        for (Pair<String, Parameter> p : model.getParameters()) {
          NDArray g = p.getValue().getArray().getGradient();
          g.attach(step);
          grads.put(p.getKey(), g.toFloatArray());
          before.put(p.getKey(), p.getValue().getArray().toFloatArray());
          g.subi(g); // zero it again for the step under test
        }
      }
      try (TrainStep stepper = new TrainStep(model, config(lr, wd, null, rule), m)) {
        stepper.run(batch);
      }
      int checked = 0;
      List<String> decayed = new ArrayList<>();
      for (Pair<String, Parameter> p : model.getParameters()) {
        String name = p.getKey();
        boolean matrix = p.getValue().getArray().getShape().dimension() >= 2;
        boolean decays = switch (rule) {
          case ADAM -> false;
          case ADAMW -> matrix;
          case TORCH_ADAMW -> true;
        };
        if (decays) decayed.add(name);
        float[] w0 = before.get(name), g = grads.get(name), w1 = p.getValue().getArray().toFloatArray();
        for (int i = 0; i < w0.length; i++) {
          if (Math.abs(g[i]) < 1e-3) continue; // first Adam step: lr * g / (|g| + eps), a sign only where |g| >> eps
          double expected = w0[i] * (decays ? 1 - lr * wd : 1) - lr * Math.signum(g[i]);
          assertEquals(expected, w1[i], 2e-4, rule + ": " + name + "[" + i + "]");
          checked++;
        }
      }
      assertTrue(checked > 100, "too few weights with a clear gradient: " + checked);
      // Biases and gains (and under Adam everything) would move by lr * wd * w more if decay were applied to them.
      if (rule != TrainConfig.Optimizer.TORCH_ADAMW) assertTrue(decayed.stream().noneMatch(n -> n.endsWith("bias") || n.endsWith("gain")), decayed.toString());
    }
  }

  @Test
  void optionsLeftOutKeepTheirDefaultsAndStayOutOfTheJson() {
    TrainConfig t = TrainConfig.fromJson("{\"steps\": 5}");
    assertNull(t.padInLoss());
    assertNull(t.optimizer());
    assertEquals(TrainConfig.Optimizer.ADAMW, t.optimizerOrDefault());
    assertTrue(!t.toJson().contains("padInLoss") && !t.toJson().contains("optimizer"), t.toJson());
    TrainConfig authors = TrainConfig.fromJson("{\"steps\": 5, \"padInLoss\": true, \"optimizer\": \"torch-adamw\"}");
    assertTrue(authors.padTargetsInLoss());
    assertEquals(TrainConfig.Optimizer.TORCH_ADAMW, authors.optimizer());
    assertEquals(authors, TrainConfig.fromJson(authors.toJson()));
    assertEquals(Arrays.asList(true, TrainConfig.Optimizer.TORCH_ADAMW), Arrays.asList(authors.withSeed(3).padInLoss(), authors.withSteps(9).optimizer()));
  }
}
