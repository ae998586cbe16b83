package org.rulex.suite.diversity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.Locale;
import org.rulex.model.vector.Adam;
import org.rulex.model.vector.MergedLinearAttention;
import org.rulex.model.vector.QueryRegression;
import org.rulex.suite.Draws;

/**
 * C1 for one seed: for each number of pretraining tasks P, the merged linear-attention model
 * trained by full-batch Adam on P prompts (through DJL, the real-vector path) and, beside it, the
 * exact minimiser of the same loss on the same prompts; both are tested on the same fresh tasks.
 */
public final class InContextRegression {
  /** Sub-stream labels of {@link Draws#of}. */
  private static final long TEST = 1, TRAIN = 2, MODEL = 3;

  private final RegressionSpec spec;

  public InContextRegression(RegressionSpec spec) {
    this.spec = spec;
  }

  /** The fresh test tasks of a seed, the same for every P. */
  public RegressionPrompts testPrompts(long seed) {
    return RegressionPrompts.draw(spec.testTasks(), spec.dimension(), spec.contextLength(), Draws.of(seed, TEST));
  }

  /** The P training prompts of a seed. */
  public RegressionPrompts trainPrompts(long seed, int tasks) {
    return RegressionPrompts.draw(tasks, spec.dimension(), spec.contextLength(), Draws.of(seed, TRAIN, tasks));
  }

  /** Runs the whole P sweep of one seed. */
  public JsonObject run(long seed, PrintStream log) {
    long started = System.nanoTime();
    RegressionPrompts test = testPrompts(seed);
    double[][] testFeatures = test.features();
    JsonArray rows = new JsonArray();
    for (int tasks : spec.taskCounts()) {
      long t0 = System.nanoTime();
      RegressionPrompts train = trainPrompts(seed, tasks);
      double[][] trainFeatures = train.features();
      double[] exact = GroundState.solve(trainFeatures, train.labels(), spec.weightDecay());
      double[] exactTest = GroundState.predict(testFeatures, exact);
      JsonObject row = new JsonObject();
      row.addProperty("tasks", tasks);
      row.addProperty("alpha", tasks / (double) (spec.dimension() * spec.dimension()));
      Trained trained = train(train, test, Draws.of(seed, MODEL, tasks).random().nextLong());
      row.add("trained", figures(trained.trainMse, trained.testMse, GroundState.identityCosine(trained.weight, spec.dimension())));
      row.add("exact", figures(
          QueryRegression.meanSquaredError(GroundState.predict(trainFeatures, exact), train.labels()),
          QueryRegression.meanSquaredError(exactTest, test.labels()),
          GroundState.identityCosine(exact, spec.dimension())));
      // How far the trained model's test predictions are from the exact minimiser's.
      row.addProperty("trainedVsExact", QueryRegression.meanSquaredError(trained.testPredictions, exactTest));
      row.addProperty("seconds", (System.nanoTime() - t0) / 1e9);
      rows.add(row);
      log.printf(Locale.ROOT, "regression seed %d: P=%d, trained test MSE %.3f (exact %.3f), %.1f s%n", seed, tasks, trained.testMse,
          row.getAsJsonObject("exact").get("testMse").getAsDouble(), (System.nanoTime() - started) / 1e9);
    }
    JsonObject result = new JsonObject();
    result.addProperty("part", "regression");
    result.addProperty("seed", seed);
    result.addProperty("dimension", spec.dimension());
    result.addProperty("contextLength", spec.contextLength());
    result.addProperty("epochs", spec.epochs());
    result.addProperty("learningRate", spec.learningRate());
    result.addProperty("weightDecay", spec.weightDecay());
    result.addProperty("testTasks", spec.testTasks());
    result.add("rows", rows);
    result.addProperty("seconds", (System.nanoTime() - started) / 1e9);
    return result;
  }

  private record Trained(double trainMse, double testMse, double[] testPredictions, double[] weight) {}

  private Trained train(RegressionPrompts train, RegressionPrompts test, long modelSeed) {
    try (NDManager manager = NDManager.newBaseManager()) {
      MergedLinearAttention model = new MergedLinearAttention(spec.width(), spec.contextLength(), manager, modelSeed);
      NDArray prompts = QueryRegression.prompts(manager, train.values(), train.count(), train.length(), train.width());
      NDArray labels = manager.create(toFloats(train.labels()), new Shape(train.count()));
      try (Adam adam = new Adam(model.parameters(), spec.learningRate(), spec.weightDecay(), manager)) {
        QueryRegression.train(model, prompts, labels, adam, spec.epochs(), epoch -> {});
      }
      double trainMse = QueryRegression.meanSquaredError(QueryRegression.predict(model, prompts), train.labels());
      NDArray testPrompts = QueryRegression.prompts(manager, test.values(), test.count(), test.length(), test.width());
      double[] predictions = QueryRegression.predict(model, testPrompts);
      return new Trained(trainMse, QueryRegression.meanSquaredError(predictions, test.labels()), predictions, model.weightValues());
    }
  }

  private static JsonObject figures(double trainMse, double testMse, double cosine) {
    JsonObject o = new JsonObject();
    o.addProperty("trainMse", trainMse);
    o.addProperty("testMse", testMse);
    o.addProperty("cosine", cosine);
    return o;
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }
}
