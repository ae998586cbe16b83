package org.rulex.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.DecodeState;
import org.rulex.model.Lstm;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TinyModels;
import org.rulex.model.Uniform;
import org.rulex.model.TrainableModel;
import org.rulex.model.Uniform;
import org.rulex.model.WindowLinear;

class TrainerTest {
  private static final Vocabulary AB = new Vocabulary(List.of("a", "b"));
  private static final TrainingData ANBN = new TrainingData("anbn", "g123", "d456");
  private static final int A = 3;
  private static final int B = 4;

  @TempDir Path tmp;

  /** a^n b^n as alphabet ids. */
  private static int[] anbn(int n) {
    int[] w = new int[2 * n];
    Arrays.fill(w, 0, n, A);
    Arrays.fill(w, n, 2 * n, B);
    return w;
  }

  private static List<int[]> anbn(int from, int to) {
    List<int[]> words = new ArrayList<>();
    for (int n = from; n <= to; n++) words.add(anbn(n));
    return words;
  }

  private static TrainConfig config(int steps, int validateEvery, int patience) {
    return new TrainConfig(steps, 8, 3e-3, 0.0, 10, 1.0, validateEvery, patience, 1, 64);
  }

  @Test
  void batchesStartWithSosEndWithEosAndPadTheRest() {
    Batch b = Batch.of(List.of(new int[] {A, B}, new int[] {A}, new int[0]));
    assertEquals(3, b.length());
    assertArrayEquals(new long[] {1, A, B, 1, A, 0, 1, 0, 0}, b.inputs());
    assertArrayEquals(new long[] {A, B, 2, A, 2, 0, 2, 0, 0}, b.targets());
    assertEquals(3 + 2 + 1, b.realTokens());
    assertEquals(9, b.paddedTokens());
  }

  @Test
  void lossCountsRealTargetsOnly() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] logits = new float[2 * 3 * 5];
      for (int i = 0; i < logits.length; i++) logits[i] = (float) Math.sin(i * 1.7);
      long[] targets = {3, 4, 2, 3, 2, 0};
      double expected = 0;
      for (int pos = 0; pos < 6; pos++) {
        if (targets[pos] == 0) continue;
        double z = 0;
        for (int v = 0; v < 5; v++) z += Math.exp(logits[pos * 5 + v]);
        expected -= logits[pos * 5 + (int) targets[pos]] - Math.log(z);
      }
      float sum = TeacherForcedLoss.sum(m.create(logits, new Shape(2, 3, 5)), m.create(targets, new Shape(2, 3))).getFloat();
      assertEquals(expected, sum, 1e-5);
    }
  }

  @Test
  void scheduleWarmsUpLinearlyThenDecaysAsInverseSquareRoot() {
    InverseSqrtSchedule s = new InverseSqrtSchedule(1e-3f, 100);
    assertEquals(1e-5f, s.getNewValue(1), 1e-9f);
    assertEquals(5e-4f, s.getNewValue(50), 1e-9f);
    assertEquals(1e-3f, s.getNewValue(100), 1e-9f);
    assertEquals(5e-4f, s.getNewValue(400), 1e-9f);
    assertEquals(2e-3f, new InverseSqrtSchedule(2e-3f, 0).getNewValue(7), 0f);
  }

  @Test
  void dataOrderVisitsEveryWordOncePerEpochAndFollowsTheSeed() {
    DataOrder order = new DataOrder(10, 4, 7);
    Set<Integer> epoch = new HashSet<>();
    List<Integer> sizes = new ArrayList<>();
    for (int step = 0; step < 3; step++) for (int i : order.batch(step)) assertTrue(epoch.add(i));
    for (int step = 0; step < 3; step++) sizes.add(order.batch(step).length);
    assertEquals(10, epoch.size());
    assertEquals(List.of(4, 4, 2), sizes);
    assertArrayEquals(new DataOrder(10, 4, 7).batch(5), order.batch(5), "same seed, same batches, in any order of asking");
    assertFalse(Arrays.equals(new DataOrder(10, 4, 8).batch(0), order.batch(0)));
    assertFalse(Arrays.equals(order.batch(0), order.batch(3)), "each epoch is shuffled anew");
  }

  @Test
  void gradientNormIsTheGlobalNormOverAllParameters() {
    try (NDManager m = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(TinyModels.transformer(0), AB.size(), m, 3);
      Batch batch = Batch.of(anbn(1, 6));
      double expected = 0;
      for (Pair<String, Parameter> p : model.getParameters()) p.getValue().getArray().setRequiresGradient(true);
      try (NDManager step = m.newSubManager()) {
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
          model.backward(c, TeacherForcedLoss.sum(model.logits(batch.inputs(step), true), batch.targets(step)).div(batch.realTokens()));
        }
        for (Pair<String, Parameter> p : model.getParameters()) {
          NDArray g = p.getValue().getArray().getGradient();
          g.attach(step);
          for (float x : g.toFloatArray()) expected += (double) x * x;
          g.subi(g); // zero it again for the step under test
        }
      }
      try (TrainStep stepper = new TrainStep(model, config(1, 1, 0), m)) {
        stepper.run(batch);
        assertEquals(Math.sqrt(expected), stepper.lastGradientNorm(), 1e-4 * Math.sqrt(expected));
      }
    }
  }

  @Tag("slow") // tens of seconds: the slow tier, run by `mvn verify`
  @Test
  void modelManagerHoldsAFixedNumberOfArraysAcrossSteps() {
    // One tiny configuration per trainable architecture of the zoo (this also runs an optimiser step on each).
    Map<String, ModelConfig> perArchitecture = new LinkedHashMap<>();
    perArchitecture.put("transformer", TinyModels.transformer(0.1));
    for (ModelConfig c : TinyModels.all()) if (!(c instanceof Uniform.Config)) perArchitecture.putIfAbsent(c.architecture(), c);
    for (ModelConfig config : perArchitecture.values()) {
      try (NDManager base = NDManager.newBaseManager()) {
        int[] counts = new int[41];
        new Trainer(config(40, 10, 0), AB, ANBN)
            .inManager(base)
            .progressTo(null)
            .addListener(
                new TrainListener() {
                  @Override
                  public void stepped(int step, double loss) {
                    counts[step] = base.getManagedArrays().size();
                  }
                })
            .train(config, anbn(1, 10), anbn(11, 12), tmp.resolve(config.architecture()));
        assertTrue(counts[5] > 0);
        assertEquals(counts[5], counts[30], config.architecture() + ": arrays pile up in the model's manager");
        assertEquals(counts[5], counts[40], config.architecture());
      }
    }
  }

  @Test
  void earlyStoppingEndsTheRunAndKeepsTheBestCheckpoint() {
    // Training on a's alone makes b ever less likely: validation on b's gets worse at every check.
    List<int[]> train = List.of(new int[] {A}, new int[] {A, A});
    List<int[]> val = List.of(new int[] {B, B, B, B, B, B});
    List<ValidationEvent> events = new ArrayList<>();
    TrainResult r = new Trainer(new TrainConfig(500, 2, 1e-2, 0, 0, 1.0, 5, 2, 1, 16), AB, ANBN)
        .progressTo(null)
        .addListener(new TrainListener() {
          @Override
          public void validated(ValidationEvent e) {
            events.add(e);
          }
        })
        .train(new WindowLinear.Config(1), train, val, tmp.resolve("run"));
    assertTrue(r.stoppedEarly());
    assertEquals(15, r.lastCard().steps());
    assertEquals(5, r.bestCard().bestStep());
    assertEquals(5, r.bestCard().steps(), "best/ holds the weights of the best step");
    assertEquals(List.of(5, 10, 15), events.stream().map(ValidationEvent::step).toList());
    assertTrue(events.get(0).improved() && !events.get(1).improved() && !events.get(2).improved());
    assertEquals(3, r.lastCard().validation().size());
  }

  @Test
  void progressGoesToPlainLinesWhenThereIsNoTerminal() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    new Trainer(config(6, 3, 0), AB, ANBN).progressTo(new java.io.PrintStream(bytes, true))
        .train(new WindowLinear.Config(2), anbn(1, 4), anbn(5, 5), tmp.resolve("progress"));
    String text = bytes.toString();
    assertTrue(text.contains("step 3/6") && text.contains("val "), text);
    assertTrue(text.contains("finished after 6 steps"), text);
    assertFalse(text.contains("\r"), "no carriage returns without a terminal");
  }

  @Test
  void uniformBaselineTrainsInNoStepsAndScoresChance() {
    TrainResult r = new Trainer(config(100, 10, 3), AB, ANBN).progressTo(null)
        .train(new Uniform.Config(), anbn(1, 4), anbn(5, 6), tmp.resolve("uniform"));
    assertEquals(0, r.bestCard().steps());
    assertEquals(Math.log(3), r.bestCard().bestValLoss(), 1e-5, "chance: a, b or EOS");
    assertTrue(Files.isRegularFile(r.best().resolve(Checkpoint.PARAMETERS)));
    assertTrue(Files.isRegularFile(r.last().resolve(Checkpoint.CARD)));
  }

  @Test
  void resumedRunContinuesWhereTheInterruptedOneStopped() {
    ModelConfig model = TinyModels.transformer(0);
    List<ValidationEvent> straight = new ArrayList<>();
    new Trainer(config(20, 10, 0), AB, ANBN).progressTo(null).addListener(collect(straight))
        .train(model, anbn(1, 10), anbn(11, 12), tmp.resolve("straight"));
    List<ValidationEvent> resumed = new ArrayList<>();
    new Trainer(config(10, 10, 0), AB, ANBN).progressTo(null).train(model, anbn(1, 10), anbn(11, 12), tmp.resolve("split"));
    TrainResult r = new Trainer(config(20, 10, 0), AB, ANBN).progressTo(null).addListener(collect(resumed))
        .resume(tmp.resolve("split"), anbn(1, 10), anbn(11, 12));
    assertEquals(20, r.lastCard().steps());
    assertEquals(List.of(10, 20), r.lastCard().validation().stream().map(ValidationPoint::step).toList());
    assertEquals(1, resumed.size());
    // Same data order, restored moments and schedule: the same trajectory up to float noise.
    assertEquals(straight.get(1).valLoss(), resumed.get(0).valLoss(), 1e-3);
    assertThrows(UserError.class, () -> new Trainer(config(30, 10, 0).withSeed(2), AB, ANBN).progressTo(null)
        .resume(tmp.resolve("split"), anbn(1, 10), anbn(11, 12)));
  }

  private static TrainListener collect(List<ValidationEvent> into) {
    return new TrainListener() {
      @Override
      public void validated(ValidationEvent e) {
        into.add(e);
      }
    };
  }

  @Test
  void refusesToOverwriteARunAndRejectsForeignIds() {
    ModelConfig model = new WindowLinear.Config(2);
    new Trainer(config(2, 1, 0), AB, ANBN).progressTo(null).train(model, anbn(1, 3), anbn(4, 4), tmp.resolve("r"));
    UserError again = assertThrows(UserError.class,
        () -> new Trainer(config(2, 1, 0), AB, ANBN).progressTo(null).train(model, anbn(1, 3), anbn(4, 4), tmp.resolve("r")));
    assertTrue(again.getMessage().contains("already holds"));
    UserError foreign = assertThrows(UserError.class,
        () -> new Trainer(config(2, 1, 0), AB, ANBN).progressTo(null)
            .train(model, List.of(new int[] {A, 2}), anbn(4, 4), tmp.resolve("r2")));
    assertTrue(foreign.getMessage().contains("id 2"));
    assertThrows(UserError.class,
        () -> new Trainer(config(2, 1, 0), AB, ANBN).progressTo(null).train(model, List.of(anbn(40)), anbn(4, 4), tmp.resolve("r3")));
  }

  @Tag("slow") // tens of seconds: the slow tier, run by `mvn verify`
  @Test
  void tinyTransformerAndLstmLearnAnBn() {
    List<ModelConfig> models = List.of(
        new org.rulex.model.Transformer.Config(2, 16, 2, 32, 0, org.rulex.model.PositionEncoding.LEARNED, 64),
        new Lstm.Config(1, 8, 16, 0));
    for (ModelConfig config : models) {
      TrainConfig training = new TrainConfig(600, 16, 1e-2, 0.0, 30, 1.0, 200, 0, 5, 64);
      List<int[]> val = List.of(anbn(2), anbn(5), anbn(9));
      TrainResult r = new Trainer(training, AB, ANBN).progressTo(null).train(config, anbn(1, 12), val, tmp.resolve(config.architecture()));
      try (NDManager m = NDManager.newBaseManager()) {
        TrainableModel model = Checkpoint.load(r.best(), m, new Checkpoint.Expected(AB, "anbn", "g123")).model();
        // After the first b the rest is determined: the model must have learnt to count.
        String history = config.architecture() + " after training: " + r.lastCard().validation();
        assertEquals(List.of(B, B, 2), greedy(model, m, new long[] {1, A, A, A, B}, 8), history);
        assertEquals(List.of(B, B, B, B, B, B, 2), greedy(model, m, new long[] {1, A, A, A, A, A, A, A, B}, 10), history);
      }
    }
  }

  /** Greedy continuation of a prompt (SOS included), up to EOS or {@code budget} tokens. */
  static List<Integer> greedy(TrainableModel model, NDManager m, long[] prompt, int budget) {
    List<Integer> out = new ArrayList<>();
    try (DecodeState state = model.start(m, 1)) {
      NDArray logits = null;
      for (long t : prompt) logits = state.step(m.create(new long[] {t}));
      for (int i = 0; i < budget; i++) {
        int next = (int) logits.argMax(1).toLongArray()[0];
        out.add(next);
        if (next == Vocabulary.EOS) break;
        logits = state.step(m.create(new long[] {next}));
      }
    }
    return out;
  }
}
