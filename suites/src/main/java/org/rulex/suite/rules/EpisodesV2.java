package org.rulex.suite.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rulex.suite.Draws;

/**
 * The episodes of design v2, built so that the two strategies the paper contrasts score
 * differently on each kind (the reference learners check it: {@link ReferenceLearner}). Every
 * episode has 3 classes of 3 items (labels drawn afresh), so tests and training have one length.
 *
 * <ul>
 *   <li>exemplar (graded similarity): the query (P, X) is a variant, never a copy. Its class holds
 *       a items with P and b items with X, (a, b) one of (1, 1), (1, 2), (2, 1); a second class
 *       holds a items with P, the third b items with X. Each feature alone ties its class with
 *       another; summing shared features over the items picks it (a + b against a and b).
 *   <li>sparse rule with cue conflict: one feature (drawn per episode) decides the label. The
 *       query's deciding value labels 2 items of its class; its other value labels m items of a
 *       second class (m = 2 or 3, even chances), so summing shared features ties or loses. Every
 *       other value of the non-deciding feature appears with at least two labels, so only finding
 *       the feature whose values each keep one label answers it. The query's own non-deciding
 *       value keeps one label, as X does in the test, so a check of the query's values alone
 *       (which one keeps one label) does not answer it either.
 *   <li>partial exposure (the test): AX l0 twice, AW l0, BW l1 twice, padded with CY l2, CZ l2, ...
 *       to the training length, then BX; the control has AU in place of AX.
 * </ul>
 *
 * Context labels are targets under "determined" where the items before them fix them, each kind by
 * its own strategy: in an exemplar episode the item repeats an earlier one or summed similarity to
 * the earlier items picks its label, in a rule episode an earlier item has the same deciding value.
 */
final class EpisodesV2 {
  private static final int[][] SHARES = {{1, 1}, {1, 2}, {2, 1}};

  private EpisodesV2() {}

  static Episode exemplar(Tokens tokens, boolean contextTargets, Draws draws) {
    int[] ab = SHARES[draws.nextInt(SHARES.length)];
    int a = ab[0], b = ab[1];
    int[] f1 = Pick.distinct(draws, tokens.values(), 4); // P, then one value of each class's own
    int[] f2 = Pick.distinct(draws, tokens.values(), 4); // X, then one value of each class's own
    int[] labels = Pick.distinct(draws, tokens.labels(), Episodes.CLASSES);
    int p = f1[0], x = f2[0];
    List<Item> context = new ArrayList<>();
    // The query's class: a items share P, b share X, the rest neither.
    for (int i = 0; i < a; i++) context.add(new Item(new Stimulus(p, f2[1]), labels[0]));
    for (int i = 0; i < b; i++) context.add(new Item(new Stimulus(f1[1], x), labels[0]));
    for (int i = a + b; i < Episodes.REPEATS; i++) context.add(new Item(new Stimulus(f1[1], f2[1]), labels[0]));
    // The second class shares P a times, the third X b times.
    for (int i = 0; i < Episodes.REPEATS; i++) context.add(new Item(new Stimulus(i < a ? p : f1[2], f2[2]), labels[1]));
    for (int i = 0; i < Episodes.REPEATS; i++) context.add(new Item(new Stimulus(f1[3], i < b ? x : f2[3]), labels[2]));
    Pick.shuffle(context, draws);
    boolean[] determined = new boolean[context.size()];
    for (int i = 0; i < context.size(); i++) determined[i] = contextTargets && bySimilarity(context, i, tokens.labels());
    return Episode.of(tokens, context, determined, new Stimulus(p, x), labels[0], -1);
  }

  /**
   * Whether the items before item i determine its label in an exemplar episode: it repeats one of
   * them exactly, or summing the features they share with it gives its label strictly the most.
   */
  static boolean bySimilarity(List<Item> context, int i, int labels) {
    double[] sum = new double[labels];
    Stimulus s = context.get(i).stimulus();
    for (Item before : context.subList(0, i)) if (before.stimulus().equals(s)) return true;
    for (Item before : context.subList(0, i))
      for (int k = 0; k < 2; k++) if (before.stimulus().feature(k) == s.feature(k)) sum[before.label()]++;
    int label = context.get(i).label();
    for (int l = 0; l < labels; l++) if (l != label && sum[l] >= sum[label]) return false;
    return sum[label] > 0;
  }

  static Episode sparseRule(Tokens tokens, boolean contextTargets, Draws draws) {
    int feature = draws.nextInt(2);
    int m = 2 + draws.nextInt(2);
    int[] deciding = Pick.distinct(draws, tokens.values(), 4); // the query's, a second of its class, the second class's, the third's
    int[] other = Pick.distinct(draws, tokens.values(), 4); // the query's, then W1, W2, W3
    int[] labels = Pick.distinct(draws, tokens.labels(), Episodes.CLASSES);
    List<Item> context = new ArrayList<>();
    context.add(new Item(Stimulus.withFeature(feature, deciding[0], other[1]), labels[0]));
    context.add(new Item(Stimulus.withFeature(feature, deciding[0], other[2]), labels[0]));
    context.add(new Item(Stimulus.withFeature(feature, deciding[1], other[3]), labels[0]));
    for (int i = 0; i < Episodes.REPEATS; i++)
      context.add(new Item(Stimulus.withFeature(feature, deciding[2], i < m ? other[0] : other[1]), labels[1]));
    for (int i = 0; i < Episodes.REPEATS; i++) context.add(new Item(Stimulus.withFeature(feature, deciding[3], other[1 + i]), labels[2]));
    Pick.shuffle(context, draws);
    boolean[] determined = new boolean[context.size()];
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < context.size(); i++) determined[i] = contextTargets && !seen.add(context.get(i).stimulus().feature(feature));
    return Episode.of(tokens, context, determined, Stimulus.withFeature(feature, deciding[0], other[0]), labels[0], -1);
  }

  /** The balanced test or its control, padded with third-class items to the training length, in random order; no context targets. */
  static Episode partialExposure(Tokens tokens, Draws draws, PartialExposure.Condition condition) {
    PartialExposure design = PartialExposure.draw(draws, tokens.values(), tokens.labels());
    List<Item> context = design.balancedContext(condition);
    context.addAll(design.fillers(Episodes.contextItems() - context.size()));
    Pick.shuffle(context, draws);
    return Episode.of(tokens, context, new boolean[context.size()], design.probe(), design.l1(), design.l0());
  }
}
