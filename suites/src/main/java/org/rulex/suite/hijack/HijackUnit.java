package org.rulex.suite.hijack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TrainableModel;
import org.rulex.model.Transformer;
import org.rulex.suite.Draws;
import org.rulex.train.Batch;
import org.rulex.train.TrainConfig;
import org.rulex.train.TrainStep;

/**
 * One model and one seed: train on fresh triggered-bigram batches, then measure in-context
 * accuracy, the global loss, the hijack probes and (for softmax-attention transformers) the
 * attention read-outs. Sequences of training, evaluation and probes come from separate streams
 * of the seed, so every model of a seed sees the same evaluation sequences and probes.
 */
final class HijackUnit {
  /** Stream labels for {@link Draws#of}. */
  private static final long TRAIN = 1, EVALUATE = 2, PROBE = 3;
  /** Sequences a forward pass of evaluation takes at once. */
  private static final int CHUNK = 128;
  /** Evaluation sequences the learning curve uses at each of its points. */
  private static final int CURVE_SEQUENCES = 128;
  /** The probe cell whose attention the report draws. */
  static final int HEAT_M = 2, HEAT_N = 1;

  private final HijackSpec spec;
  private final GlobalBigram bigram;
  private final TriggeredBigram generator;
  private final String modelName;
  private final ModelConfig config;
  private final long seed;
  private final PrintStream log;

  HijackUnit(HijackSpec spec, GlobalBigram bigram, String modelName, ModelConfig config, long seed, PrintStream log) {
    this.spec = spec;
    this.bigram = bigram;
    this.generator = new TriggeredBigram(bigram, spec.triggers(), spec.length());
    this.modelName = modelName;
    this.config = config;
    this.seed = seed;
    this.log = log;
  }

  private int vocabularySize() {
    return bigram.size() + Vocabulary.FIRST_SYMBOL;
  }

  /** SOS x_1 .. x_{n}: the model's input for tokens (ids, not token numbers). */
  private static long[] input(int[] tokens, int count) {
    long[] ids = new long[count + 1];
    ids[0] = Vocabulary.SOS;
    for (int i = 0; i < count; i++) ids[i + 1] = tokens[i] + Vocabulary.FIRST_SYMBOL;
    return ids;
  }

  Batch batch(int step) {
    int b = spec.training().batchSize(), t = spec.length();
    long[] inputs = new long[b * t], targets = new long[b * t];
    for (int row = 0; row < b; row++) {
      int[] x = generator.draw(Draws.of(seed, TRAIN, step, row)).tokens();
      System.arraycopy(input(x, t - 1), 0, inputs, row * t, t);
      for (int i = 0; i < t; i++) targets[row * t + i] = x[i] + Vocabulary.FIRST_SYMBOL;
    }
    return new Batch(inputs, targets, b, t, b * t);
  }

  List<TriggeredSequence> evaluationSequences() {
    List<TriggeredSequence> out = new ArrayList<>();
    for (int i = 0; i < spec.evaluation(); i++) out.add(generator.draw(Draws.of(seed, EVALUATE, i)));
    return out;
  }

  JsonObject run() {
    long started = System.nanoTime();
    JsonObject result = new JsonObject();
    result.addProperty("model", modelName);
    result.addProperty("seed", seed);
    result.add("config", ModelZoo.toJson(config));
    List<TriggeredSequence> evaluation = evaluationSequences();
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, vocabularySize(), manager, seed);
      result.addProperty("parameters", model.parameterCount());
      result.add("curve", train(model, manager, evaluation.subList(0, Math.min(CURVE_SEQUENCES, evaluation.size()))));
      result.addProperty("trainSeconds", (System.nanoTime() - started) / 1e9);
      InContextScore score = score(model, manager, evaluation);
      result.addProperty("inContextAccuracy", score.inContextAccuracy());
      result.addProperty("inContextPositions", score.inContextPositions());
      result.addProperty("globalLoss", score.globalLoss());
      result.addProperty("oracleLoss", score.oracleLoss());
      result.addProperty("globalPositions", score.globalPositions());
      result.addProperty("bigramEntropy", bigram.entropy());
      result.add("probes", probes(model, manager));
      if (model instanceof Transformer transformer) {
        result.add("attention", attention(transformer, manager, evaluation));
        result.add("ablations", ablations(transformer, manager, evaluation));
      }
    }
    result.addProperty("unitSeconds", (System.nanoTime() - started) / 1e9);
    return result;
  }

  private JsonArray train(TrainableModel model, NDManager manager, List<TriggeredSequence> curveSet) {
    HijackSpec.Training t = spec.training();
    TrainConfig config = new TrainConfig(t.steps(), t.batchSize(), t.learningRate(), 0, 0, t.clipNorm(), t.steps(), 0, seed, spec.length());
    JsonArray curve = new JsonArray();
    long started = System.nanoTime();
    double recent = 0;
    int recentCount = 0;
    try (TrainStep step = new TrainStep(model, config, manager)) {
      for (int s = 1; s <= t.steps(); s++) {
        recent += step.run(batch(s));
        recentCount++;
        if (s % t.curveEvery() == 0 || s == t.steps()) {
          InContextScore score = score(model, manager, curveSet);
          JsonObject point = new JsonObject();
          point.addProperty("step", s);
          point.addProperty("inContextAccuracy", score.inContextAccuracy());
          point.addProperty("globalLoss", score.globalLoss());
          curve.add(point);
        }
        if (s % t.logEvery() == 0 || s == t.steps()) {
          log.printf(Locale.ROOT, "%s seed %d: step %d loss %.4f elapsed %.1f s%n", modelName, seed, s, recent / recentCount, (System.nanoTime() - started) / 1e9);
          recent = 0;
          recentCount = 0;
        }
      }
    }
    return curve;
  }

  /**
   * In-context accuracy and global loss with each head ablated in turn, both ways (zeroed output,
   * uniform attention), on the same evaluation sequences: does removing the head remove in-context
   * learning, and does the global bigram survive it?
   */
  private JsonArray ablations(Transformer model, NDManager manager, List<TriggeredSequence> evaluation) {
    JsonArray out = new JsonArray();
    Transformer.Config c = model.config();
    for (int layer = 0; layer < c.layers(); layer++)
      for (int head = 0; head < c.heads(); head++)
        for (Transformer.HeadAblation.Kind kind : Transformer.HeadAblation.Kind.values()) {
          InContextScore score = score(model, manager, evaluation, List.of(new Transformer.HeadAblation(layer, head, kind)));
          JsonObject row = new JsonObject();
          row.addProperty("layer", layer);
          row.addProperty("head", head);
          row.addProperty("kind", kind.name().toLowerCase(Locale.ROOT));
          row.addProperty("inContextAccuracy", score.inContextAccuracy());
          row.addProperty("globalLoss", score.globalLoss());
          out.add(row);
        }
    return out;
  }

  /** Logits [n][T][ids] of a list of inputs of one length, computed CHUNK rows at a time. */
  private float[][][] logits(TrainableModel model, NDManager manager, List<long[]> inputs) {
    return logits(model, manager, inputs, List.of());
  }

  /** The same with heads of a transformer ablated (none: the model as trained). */
  private float[][][] logits(TrainableModel model, NDManager manager, List<long[]> inputs, List<Transformer.HeadAblation> ablations) {
    int t = inputs.get(0).length, v = vocabularySize();
    float[][][] out = new float[inputs.size()][t][v];
    for (int from = 0; from < inputs.size(); from += CHUNK) {
      int b = Math.min(CHUNK, inputs.size() - from);
      long[] ids = new long[b * t];
      for (int r = 0; r < b; r++) System.arraycopy(inputs.get(from + r), 0, ids, r * t, t);
      try (NDManager m = manager.newSubManager()) {
        NDArray x = m.create(ids, new Shape(b, t));
        float[] flat = (ablations.isEmpty() ? model.logits(x, false) : ((Transformer) model).ablatedLogits(x, ablations, null)).toFloatArray();
        for (int r = 0; r < b; r++) for (int i = 0; i < t; i++) System.arraycopy(flat, (r * t + i) * v, out[from + r][i], 0, v);
      }
    }
    return out;
  }

  private InContextScore score(TrainableModel model, NDManager manager, List<TriggeredSequence> sequences) {
    return score(model, manager, sequences, List.of());
  }

  private InContextScore score(TrainableModel model, NDManager manager, List<TriggeredSequence> sequences, List<Transformer.HeadAblation> ablations) {
    List<long[]> inputs = new ArrayList<>();
    for (TriggeredSequence s : sequences) inputs.add(input(s.tokens(), spec.length() - 1));
    float[][][] logits = logits(model, manager, inputs, ablations);
    InContextScore score = new InContextScore();
    for (int i = 0; i < sequences.size(); i++) score.add(sequences.get(i), bigram, logits[i]);
    return score;
  }

  /** The probes of one cell at one length, the same for every model of this seed. */
  List<HijackProbe> probeSet(int lengthIndex, int cellIndex) {
    int length = spec.probes().lengths().get(lengthIndex);
    List<Integer> cell = spec.probes().cells().get(cellIndex);
    List<HijackProbe> out = new ArrayList<>();
    for (int i = 0; i < spec.probes().perCell(); i++)
      out.add(HijackProbe.draw(bigram, length - 1, cell.get(0), cell.get(1), Draws.of(seed, PROBE, lengthIndex, cellIndex, i)));
    return out;
  }

  private JsonArray probes(TrainableModel model, NDManager manager) {
    JsonArray rows = new JsonArray();
    for (int li = 0; li < spec.probes().lengths().size(); li++)
      for (int ci = 0; ci < spec.probes().cells().size(); ci++) {
        List<HijackProbe> set = probeSet(li, ci);
        List<long[]> inputs = new ArrayList<>();
        for (HijackProbe p : set) inputs.add(input(p.tokens(), p.tokens().length));
        float[][][] logits = logits(model, manager, inputs);
        double pO = 0, pBest = 0, balance = 0;
        int argO = 0, argBest = 0;
        for (int i = 0; i < set.size(); i++) {
          HijackProbe p = set.get(i);
          float[] last = logits[i][logits[i].length - 1];
          double o = Math.exp(InContextScore.logSoftmax(last, p.planted() + Vocabulary.FIRST_SYMBOL));
          double b = Math.exp(InContextScore.logSoftmax(last, p.best() + Vocabulary.FIRST_SYMBOL));
          pO += o;
          pBest += b;
          balance += o / (o + b);
          int top = InContextScore.argmax(last);
          if (top == p.planted() + Vocabulary.FIRST_SYMBOL) argO++;
          if (top == p.best() + Vocabulary.FIRST_SYMBOL) argBest++;
        }
        int n = set.size();
        JsonObject row = new JsonObject();
        row.addProperty("length", spec.probes().lengths().get(li));
        row.addProperty("m", set.get(0).m());
        row.addProperty("n", set.get(0).n());
        row.addProperty("probes", n);
        row.addProperty("pO", pO / n);
        row.addProperty("pBest", pBest / n);
        row.addProperty("argmaxO", (double) argO / n);
        row.addProperty("argmaxBest", (double) argBest / n);
        row.addProperty("balance", balance / n);
        rows.add(row);
      }
    return rows;
  }

  /**
   * Per layer and head, the previous-token and induction shares on the evaluation sequences, and
   * the weights on the first probe of the heat-map cell at the first probe length.
   */
  private JsonObject attention(Transformer model, NDManager manager, List<TriggeredSequence> evaluation) {
    int layers = -1, heads = -1, t = spec.length();
    List<AttentionShares> shares = new ArrayList<>();
    for (int from = 0; from < evaluation.size(); from += CHUNK) {
      int b = Math.min(CHUNK, evaluation.size() - from);
      long[][] rows = new long[b][];
      long[] ids = new long[b * t];
      for (int r = 0; r < b; r++) {
        rows[r] = input(evaluation.get(from + r).tokens(), t - 1);
        System.arraycopy(rows[r], 0, ids, r * t, t);
      }
      try (NDManager m = manager.newSubManager()) {
        List<NDArray> weights = model.attentionWeights(m.create(ids, new Shape(b, t)));
        layers = weights.size();
        heads = Math.toIntExact(weights.get(0).getShape().get(1));
        while (shares.size() < layers) shares.add(new AttentionShares(heads));
        for (int l = 0; l < layers; l++) {
          float[] w = weights.get(l).toFloatArray();
          for (int r = 0; r < b; r++) shares.get(l).add(rows[r], w, r * heads * t * t, triggerIds(evaluation.get(from + r)));
        }
      }
    }
    JsonObject out = new JsonObject();
    JsonArray perLayer = new JsonArray();
    for (int l = 0; l < layers; l++) {
      JsonArray previous = new JsonArray(), induction = new JsonArray(), triggerInduction = new JsonArray();
      for (int h = 0; h < heads; h++) {
        previous.add(shares.get(l).previousTokenShare(h));
        induction.add(shares.get(l).inductionShare(h));
        triggerInduction.add(shares.get(l).triggerInductionShare(h));
      }
      JsonObject layer = new JsonObject();
      layer.add("previousToken", previous);
      layer.add("induction", induction);
      layer.add("triggerInduction", triggerInduction);
      perLayer.add(layer);
    }
    out.add("layers", perLayer);
    out.add("heatMap", heatMap(model, manager));
    return out;
  }

  /** A sequence's trigger tokens as model ids. */
  private static long[] triggerIds(TriggeredSequence s) {
    long[] ids = new long[s.triggers().length];
    for (int i = 0; i < ids.length; i++) ids[i] = s.triggers()[i] + Vocabulary.FIRST_SYMBOL;
    return ids;
  }

  private JsonObject heatMap(Transformer model, NDManager manager) {
    int cell = spec.probes().cells().indexOf(List.of(HEAT_M, HEAT_N));
    HijackProbe probe = cell >= 0
        ? probeSet(0, cell).get(0)
        : HijackProbe.draw(bigram, spec.probes().lengths().get(0) - 1, HEAT_M, HEAT_N, Draws.of(seed, PROBE, -1));
    long[] ids = input(probe.tokens(), probe.tokens().length);
    JsonObject out = new JsonObject();
    out.addProperty("m", probe.m());
    out.addProperty("n", probe.n());
    out.addProperty("query", probe.query());
    out.addProperty("planted", probe.planted());
    out.addProperty("best", probe.best());
    JsonArray tokens = new JsonArray();
    for (long id : ids) tokens.add(id == Vocabulary.SOS ? -1 : id - Vocabulary.FIRST_SYMBOL);
    out.add("tokens", tokens); // -1 for SOS
    JsonArray layers = new JsonArray();
    try (NDManager m = manager.newSubManager()) {
      for (NDArray w : model.attentionWeights(m.create(ids, new Shape(1, ids.length)))) {
        int heads = Math.toIntExact(w.getShape().get(1)), t = ids.length;
        float[] v = w.toFloatArray();
        JsonArray perHead = new JsonArray();
        for (int h = 0; h < heads; h++) {
          JsonArray matrix = new JsonArray();
          for (int i = 0; i < t; i++) {
            JsonArray row = new JsonArray();
            for (int j = 0; j <= i; j++) row.add(Math.round(v[(h * t + i) * t + j] * 1000) / 1000.0); // 3 decimals: a picture, not a measurement
            matrix.add(row);
          }
          perHead.add(matrix);
        }
        layers.add(perHead);
      }
    }
    out.add("layers", layers);
    return out;
  }
}
