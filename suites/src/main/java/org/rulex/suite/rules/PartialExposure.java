package org.rulex.suite.rules;

import java.util.ArrayList;
import java.util.List;
import org.rulex.suite.Draws;

/**
 * The partial-exposure design of Dasgupta et al. and Chan et al., drawn afresh for each seed or
 * episode: which feature values play A, B, C (feature 1) and W, X, Y, Z, U (feature 2), and which
 * labels play l0, l1, l2. The test stimulus is BX: the rule (feature 1) says l1, its exemplar
 * neighbour AX says l0 (the distractor). The control shows AU instead of AX, so that X is unseen
 * and only the rule and the label counts remain.
 */
record PartialExposure(int a, int b, int c, int w, int x, int y, int z, int u, int l0, int l1, int l2) {

  /** Whether the design shows AX (partial exposure) or AU in its place (control). */
  enum Condition {
    PARTIAL,
    CONTROL;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static PartialExposure draw(Draws draws, int values, int labels) {
    int[] f1 = Pick.distinct(draws, values, 3);
    int[] f2 = Pick.distinct(draws, values, 5);
    int[] l = Pick.distinct(draws, labels, 3);
    return new PartialExposure(f1[0], f1[1], f1[2], f2[0], f2[1], f2[2], f2[3], f2[4], l[0], l[1], l[2]);
  }

  /** The test stimulus BX. */
  Stimulus probe() {
    return new Stimulus(b, x);
  }

  /** The items an in-context episode shows before BX: AW l0, AX l0 (AU l0 in the control), BW l1 twice. */
  List<Item> context(Condition condition) {
    List<Item> items = new ArrayList<>();
    items.add(new Item(new Stimulus(a, w), l0));
    items.add(new Item(new Stimulus(a, condition == Condition.PARTIAL ? x : u), l0));
    items.add(new Item(new Stimulus(b, w), l1));
    items.add(new Item(new Stimulus(b, w), l1));
    return items;
  }

  /**
   * Design v2's balanced context: AX l0 twice (AU l0 twice in the control), AW l0, BW l1 twice. A
   * learner summing shared features gives l0 and l1 two matches each (r = 1/2); one that labels by
   * feature 1 gives l1 (r = 1).
   */
  List<Item> balancedContext(Condition condition) {
    Stimulus seen = new Stimulus(a, condition == Condition.PARTIAL ? x : u);
    List<Item> items = new ArrayList<>();
    items.add(new Item(seen, l0));
    items.add(new Item(seen, l0));
    items.add(new Item(new Stimulus(a, w), l0));
    items.add(new Item(new Stimulus(b, w), l1));
    items.add(new Item(new Stimulus(b, w), l1));
    return items;
  }

  /** n items of the third class, CY l2, CZ l2, CY l2, ...: they share no feature with BX and keep feature 1 the consistent one. */
  List<Item> fillers(int n) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) items.add(new Item(new Stimulus(c, i % 2 == 0 ? y : z), l2));
    return items;
  }

  /** Design v2's in-weights training set: the balanced context plus CY l2 and CZ l2. */
  List<Item> balancedTraining(Condition condition) {
    List<Item> items = balancedContext(condition);
    items.addAll(fillers(2));
    return items;
  }

  /** The in-weights training set: the context's items plus CY l2 and CZ l2. */
  List<Item> training(Condition condition) {
    List<Item> items = context(condition);
    items.add(new Item(new Stimulus(c, y), l2));
    items.add(new Item(new Stimulus(c, z), l2));
    return items;
  }
}
