package org.rulex.suite.rules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rulex.model.DecodeState;
import org.rulex.model.LanguageModel;

/**
 * A scripted learner, read out exactly like a trained model: it is a {@link LanguageModel} whose
 * logits at an episode's last position are the logarithms of its label probabilities, so that
 * {@link Readout} and {@link InContextResult.Score} score it on the same episodes through the same
 * code. It reads the episode back from its token ids. What each strategy would score is the
 * design's own check: the test can tell them apart only if they score differently.
 *
 * <ul>
 *   <li>rule: finds the features whose every value keeps one label across the context, and gives
 *       the labels of the items that share the query's value of such a feature; with no such
 *       feature or no such item, every label of the context alike.
 *   <li>exemplar (summed similarity): each label gets the number of features each of its items
 *       shares with the query, summed over the items; probabilities in proportion; with no shared
 *       feature at all, every label of the context alike.
 * </ul>
 */
final class ReferenceLearner implements LanguageModel {
  /** The probability floor, so that a label a strategy rules out has a finite logit. */
  private static final double FLOOR = 1e-12;

  enum Strategy {
    RULE,
    EXEMPLAR;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Strategy strategy;
  private final Tokens tokens;

  ReferenceLearner(Strategy strategy, Tokens tokens) {
    this.strategy = strategy;
    this.tokens = tokens;
  }

  Strategy strategy() {
    return strategy;
  }

  @Override
  public int vocabularySize() {
    return tokens.vocabularySize();
  }

  @Override
  public int positionCount() {
    return Integer.MAX_VALUE;
  }

  /** Label log-probabilities at each sequence's last position; 0 elsewhere (nothing reads them). */
  @Override
  public NDArray logits(NDArray ids, boolean training) {
    long[] shape = ids.getShape().getShape();
    int b = (int) shape[0], t = (int) shape[1], v = vocabularySize();
    long[] all = ids.toLongArray();
    float[] out = new float[b * t * v];
    for (int row = 0; row < b; row++) {
      List<Item> context = new ArrayList<>();
      for (int i = 1; i + 1 < t; i += 2) {
        Stimulus s = tokens.stimulusOf(all[row * t + i]);
        int label = tokens.labelOf(all[row * t + i + 1]);
        if (s == null || label < 0) throw new IllegalArgumentException("position " + i + " of row " + row + " is no stimulus and label");
        context.add(new Item(s, label));
      }
      Stimulus query = tokens.stimulusOf(all[row * t + t - 1]);
      if (query == null) throw new IllegalArgumentException("row " + row + " ends in no stimulus");
      double[] p = probabilities(context, query);
      int at = (row * t + t - 1) * v;
      for (int l = 0; l < p.length; l++) out[at + tokens.label(l)] = (float) Math.log(Math.max(p[l], FLOOR));
    }
    return ids.getManager().create(out, new Shape(b, t, v));
  }

  /** The strategy's label probabilities for a query after a context. */
  double[] probabilities(List<Item> context, Stimulus query) {
    double[] weight = new double[tokens.labels()];
    if (strategy == Strategy.EXEMPLAR) {
      for (Item item : context)
        for (int k = 0; k < 2; k++)
          if (item.stimulus().feature(k) == query.feature(k)) weight[item.label()]++;
    } else {
      for (int k = 0; k < 2; k++) {
        if (!consistent(context, k)) continue;
        for (Item item : context) if (item.stimulus().feature(k) == query.feature(k)) weight[item.label()]++;
      }
    }
    double sum = 0;
    for (double w : weight) sum += w;
    if (sum == 0) for (Item item : context) weight[item.label()] = 1; // nothing to go on: the context's labels alike
    sum = 0;
    for (double w : weight) sum += w;
    for (int l = 0; l < weight.length; l++) weight[l] /= sum;
    return weight;
  }

  /** Whether every value of feature k keeps one label across the context. */
  private static boolean consistent(List<Item> context, int k) {
    Map<Integer, Set<Integer>> labels = new HashMap<>();
    for (Item item : context) labels.computeIfAbsent(item.stimulus().feature(k), x -> new HashSet<>()).add(item.label());
    for (Set<Integer> s : labels.values()) if (s.size() > 1) return false;
    return true;
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    throw new UnsupportedOperationException("a scripted learner answers whole episodes, it does not decode");
  }
}
