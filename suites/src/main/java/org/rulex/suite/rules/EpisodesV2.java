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
 * <p>In both training kinds the three classes have one structure, each class c built from its own
 * values in the same way and linked to classes c - 1 and c + 1 alike, so that nothing in the
 * context alone tells which class the query belongs to: only reading the query against the context
 * does. (An earlier form gave the query's class alone items that varied on both features, and a
 * model could answer rule episodes by finding that class without reading the query.)
 *
 * <ul>
 *   <li>exemplar (graded similarity): class c holds (P_c, Y_c), (Z_c, X_c) and (P_{c-1},
 *       X_{c+1}). The query (P_c, X_c) is a variant, never a copy: it shares one feature with two
 *       items of its class, and one with one item of each other class (P_c is also in class c + 1,
 *       X_c in class c - 1). Each feature alone ties its class with another; summing shared
 *       features over the items picks it (2 against 1 and 1).
 *   <li>sparse rule with cue conflict: one feature (drawn per episode) decides the label, each of
 *       its values labelling items of one class only. Class c holds (d, o_{c-1}), (d', o_{c-1}) and
 *       (d'', W) on the deciding and the other feature, with d'' = d (its deciding value twice) or a
 *       third value, even chances; W is in every class. The query (d, o_c) is new: its other value
 *       labels two items of class c + 1, so summing shared features ties (2 against 2) or loses (1
 *       against 2). Each of the query's values keeps one label, as B and X do in the test, so checking
 *       the query's own values does not answer it; only the feature whose values each keep one label
 *       (W does not) does.
 *   <li>partial exposure (the test): AX l0 twice, AW l0, BW l1 twice, padded with CY l2, CZ l2, ...
 *       to the training length, then BX; the control has AU in place of AX.
 * </ul>
 *
 * Context labels are targets under "determined" where the items before them fix them, each kind by
 * its own strategy: in an exemplar episode the item repeats an earlier one or summed similarity to
 * the earlier items picks its label, in a rule episode an earlier item has the same deciding value.
 */
final class EpisodesV2 {
  private EpisodesV2() {}

  /** Class c's neighbour at distance d around the cycle of classes. */
  private static int around(int c, int d) {
    return Math.floorMod(c + d, Episodes.CLASSES);
  }

  static Episode exemplar(Tokens tokens, boolean contextTargets, Draws draws) {
    int n = Episodes.CLASSES;
    int[] f1 = Pick.distinct(draws, tokens.values(), 2 * n); // P_0..P_2, then Z_0..Z_2
    int[] f2 = Pick.distinct(draws, tokens.values(), 2 * n); // X_0..X_2, then Y_0..Y_2
    int[] labels = Pick.distinct(draws, tokens.labels(), n);
    List<Item> context = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      context.add(new Item(new Stimulus(f1[c], f2[n + c]), labels[c]));
      context.add(new Item(new Stimulus(f1[n + c], f2[c]), labels[c]));
      context.add(new Item(new Stimulus(f1[around(c, -1)], f2[around(c, 1)]), labels[c]));
    }
    Pick.shuffle(context, draws);
    boolean[] determined = new boolean[context.size()];
    for (int i = 0; i < context.size(); i++) determined[i] = contextTargets && bySimilarity(context, i, tokens.labels());
    // The classes are alike up to the renaming of values and labels, so the query may as well be class 0's.
    return Episode.of(tokens, context, determined, new Stimulus(f1[0], f2[0]), labels[0], -1);
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
    int n = Episodes.CLASSES;
    int feature = draws.nextInt(2);
    boolean twice = draws.nextInt(2) == 0;
    int[] deciding = Pick.distinct(draws, tokens.values(), 3 * n); // class c's d, d', d'' at 3c, 3c + 1, 3c + 2
    int[] other = Pick.distinct(draws, tokens.values(), n + 1); // o_0..o_2, then W
    int[] labels = Pick.distinct(draws, tokens.labels(), n);
    List<Item> context = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      int d = deciding[3 * c];
      context.add(new Item(Stimulus.withFeature(feature, d, other[around(c, -1)]), labels[c]));
      context.add(new Item(Stimulus.withFeature(feature, deciding[3 * c + 1], other[around(c, -1)]), labels[c]));
      context.add(new Item(Stimulus.withFeature(feature, twice ? d : deciding[3 * c + 2], other[n]), labels[c]));
    }
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
