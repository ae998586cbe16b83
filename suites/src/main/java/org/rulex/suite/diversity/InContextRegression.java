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
 * C1 for one dimension D and one seed: for each number of pretraining tasks P, the merged
 * linear-attention model trained by full-batch Adam on P prompts (through DJL, the real-vector path)
 * and, beside it, the exact minimiser of the same loss on the same prompts; both are tested on the
 * same fresh tasks. The exact minimiser is also solved at every whole P of the near range (it is one
 * linear solve), which places its interpolation peak to one task.
 */
public final class InContextRegression {
  /** Sub-stream labels of {@link Draws#of}. */
  private static final long TEST = 1, TRAIN = 2, MODEL = 3;

  private final RegressionSpec spec;

  public InContextRegression(RegressionSpec spec) {
    this.spec = spec;
  }

  /** The fresh test tasks of a dimension and seed, the same for every P. */
  public RegressionPrompts testPrompts(int dimension, long seed) {
    return RegressionPrompts.draw(spec.testTasks(), dimension, spec.contextLength(), Draws.of(seed, TEST, dimension));
  }

  /** The P training prompts of a dimension and seed. */
  public RegressionPrompts trainPrompts(int dimension, long seed, int tasks) {
    return RegressionPrompts.draw(tasks, dimension, spec.contextLength(), Draws.of(seed, TRAIN, dimension, tasks));
  }

  /** Runs the P sweep of one dimension and seed (the ratios {@link RegressionSpec#ratios} gives it). */
  public JsonObject run(int dimension, long seed, PrintStream log) {
    long started = System.nanoTime();
    RegressionPrompts test = testPrompts(dimension, seed);
    double[][] testFeatures = test.features();
    JsonArray rows = new JsonArray();
    for (double ratio : spec.ratios(seed)) {
      int tasks = RegressionSpec.tasks(ratio, dimension);
      long t0 = System.nanoTime();
      RegressionPrompts train = trainPrompts(dimension, seed, tasks);
      double[][] trainFeatures = train.features();
      double[] exact = GroundState.solve(trainFeatures, train.labels(), spec.weightDecay());
      double[] exactTest = GroundState.predict(testFeatures, exact);
      JsonObject row = new JsonObject();
      row.addProperty("tasks", tasks);
      row.addProperty("alpha", tasks / (double) (dimension * dimension));
      Trained trained = train(dimension, train, test, Draws.of(seed, MODEL, dimension, tasks).random().nextLong());
      row.add("trained", figures(trained.trainMse, trained.testMse, GroundState.identityCosine(trained.weight, dimension)));
      row.add("exact", figures(
          QueryRegression.meanSquaredError(GroundState.predict(trainFeatures, exact), train.labels()),
          QueryRegression.meanSquaredError(exactTest, test.labels()),
          GroundState.identityCosine(exact, dimension)));
      // How far the trained model's test predictions are from the exact minimiser's.
      row.addProperty("trainedVsExact", QueryRegression.meanSquaredError(trained.testPredictions, exactTest));
      row.addProperty("seconds", (System.nanoTime() - t0) / 1e9);
      rows.add(row);
      log.printf(Locale.ROOT, "regression D=%d seed %d: P=%d, trained test MSE %.3f (exact %.3f), %.1f s%n", dimension, seed, tasks,
          trained.testMse, row.getAsJsonObject("exact").get("testMse").getAsDouble(), (System.nanoTime() - started) / 1e9);
    }
    JsonArray curve = new JsonArray();
    for (int tasks : spec.exactCurveTasks(dimension)) {
      RegressionPrompts train = trainPrompts(dimension, seed, tasks);
      double[] exact = GroundState.solve(train.features(), train.labels(), spec.weightDecay());
      JsonObject point = new JsonObject();
      point.addProperty("tasks", tasks);
      point.addProperty("alpha", tasks / (double) (dimension * dimension));
      point.addProperty("testMse", QueryRegression.meanSquaredError(GroundState.predict(testFeatures, exact), test.labels()));
      point.addProperty("cosine", GroundState.identityCosine(exact, dimension));
      curve.add(point);
    }
    JsonObject result = new JsonObject();
    result.addProperty("part", "regression");
    result.addProperty("seed", seed);
    result.addProperty("dimension", dimension);
    result.addProperty("contextLength", spec.contextLength());
    result.addProperty("epochs", spec.epochs());
    result.addProperty("learningRate", spec.learningRate());
    result.addProperty("weightDecay", spec.weightDecay());
    result.addProperty("testTasks", spec.testTasks());
    result.add("rows", rows);
    result.add("exactCurve", curve);
    result.addProperty("seconds", (System.nanoTime() - started) / 1e9);
    return result;
  }

  private record Trained(double trainMse, double testMse, double[] testPredictions, double[] weight) {}

  private Trained train(int dimension, RegressionPrompts train, RegressionPrompts test, long modelSeed) {
    try (NDManager manager = NDManager.newBaseManager()) {
      MergedLinearAttention model = new MergedLinearAttention(RegressionSpec.width(dimension), spec.contextLength(), manager, modelSeed);
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
