package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.rulex.suite.Draws;

/**
 * Design v2's episodes, read back from their token ids alone (through {@link EpisodesTest#read})
 * and checked against the design's words: graded-similarity exemplar episodes, cue conflict in
 * rule episodes, the balanced test padded to the training length.
 */
class EpisodesV2Test {
  private static final Tokens TOKENS = new Tokens(4, 16);
  private static final Episodes EPISODES = new Episodes(TOKENS, RulesSpec.LossAt.DETERMINED, RulesSpec.Design.V2);

  /** Per label, how many features its items share with the query, summed over the items. */
  private static Map<Integer, Integer> shared(List<Item> context, Stimulus query) {
    Map<Integer, Integer> out = new HashMap<>();
    for (Item item : context)
      for (int k = 0; k < 2; k++) if (item.stimulus().feature(k) == query.feature(k)) out.merge(item.label(), 1, Integer::sum);
    return out;
  }

  /** Value of feature k -> the labels it appears with. */
  private static Map<Integer, Set<Integer>> labelsByValue(List<Item> context, int k) {
    Map<Integer, Set<Integer>> out = new HashMap<>();
    for (Item item : context) out.computeIfAbsent(item.stimulus().feature(k), x -> new HashSet<>()).add(item.label());
    return out;
  }

  private static boolean consistent(List<Item> context, int k) {
    return labelsByValue(context, k).values().stream().allMatch(s -> s.size() == 1);
  }

  @Property(tries = 300)
  void anExemplarEpisodesQueryIsAVariantThatOnlySummedSimilarityAnswers(@ForAll long seed) {
    Episode e = EPISODES.exemplar(new Draws(seed));
    EpisodesTest.Read r = EpisodesTest.read(e);
    assertEquals(9, r.context().size());
    assertEquals(3, r.context().stream().map(Item::label).distinct().count());
    assertFalse(r.context().stream().anyMatch(x -> x.stimulus().equals(r.query())), "the query is a variant, not a copy");
    Map<Integer, Integer> sum = shared(r.context(), r.query());
    int own = sum.getOrDefault(e.answer(), 0);
    for (var s : sum.entrySet()) if (s.getKey() != e.answer()) assertTrue(own > s.getValue(), "the answer's class shares the most: " + sum);
    // Each feature alone: the query's value appears as often under another label as under the answer.
    for (int k = 0; k < 2; k++) {
      Map<Integer, Integer> count = new HashMap<>();
      for (Item item : r.context()) if (item.stimulus().feature(k) == r.query().feature(k)) count.merge(item.label(), 1, Integer::sum);
      assertTrue(count.containsKey(e.answer()) && count.size() == 2, "feature " + k + ": " + count);
      assertEquals(1, new HashSet<>(count.values()).size(), "feature " + k + " alone ties: " + count);
      assertFalse(consistent(r.context(), k), "no feature keeps one label per value");
    }
  }

  @Property(tries = 300)
  void anExemplarEpisodesContextTargetsAreRepeatsAndTheLabelsSummedSimilarityToTheItemsBeforeFixes(@ForAll long seed) {
    EpisodesTest.Read r = EpisodesTest.read(EPISODES.exemplar(new Draws(seed)));
    for (int i = 0; i < r.context().size(); i++) {
      Item item = r.context().get(i);
      Map<Integer, Integer> sum = shared(r.context().subList(0, i), item.stimulus());
      int own = sum.getOrDefault(item.label(), 0);
      boolean repeat = r.context().subList(0, i).contains(item);
      boolean fixed = repeat || own > 0 && sum.entrySet().stream().allMatch(e -> e.getKey() == item.label() || e.getValue() < own);
      assertEquals(fixed, r.targetPositions().contains(1 + 2 * i), "item " + i + " " + item + " after " + r.context().subList(0, i));
    }
  }

  @Property(tries = 300)
  void aRuleEpisodeHasCueConflictThatOnlyTheConsistentFeatureResolves(@ForAll long seed) {
    Episode e = EPISODES.sparseRule(new Draws(seed));
    EpisodesTest.Read r = EpisodesTest.read(e);
    assertEquals(9, r.context().size());
    assertFalse(r.context().stream().anyMatch(x -> x.stimulus().equals(r.query())), "the query is new");
    List<Integer> deciding = new ArrayList<>();
    for (int k = 0; k < 2; k++) if (consistent(r.context(), k)) deciding.add(k);
    assertEquals(1, deciding.size(), "exactly one feature keeps one label per value");
    int k = deciding.get(0), j = 1 - k;
    assertEquals(Set.of(e.answer()), labelsByValue(r.context(), k).get(r.query().feature(k)), "the deciding value names the answer");
    // The query's other value matches at least as many items, under one other label, as its deciding value.
    long byDeciding = r.context().stream().filter(x -> x.stimulus().feature(k) == r.query().feature(k)).count();
    List<Item> byOther = r.context().stream().filter(x -> x.stimulus().feature(j) == r.query().feature(j)).toList();
    assertTrue(byOther.size() >= byDeciding, byOther + " against " + byDeciding);
    assertEquals(1, byOther.stream().map(Item::label).distinct().count(), "the query's other value keeps one label, as X does in the test");
    assertNotEquals(e.answer(), byOther.get(0).label());
    // The other feature is not consistent: one of its values appears with every label.
    assertTrue(labelsByValue(r.context(), j).values().stream().anyMatch(v -> v.size() == 3), labelsByValue(r.context(), j).toString());
    // Summed similarity ties or loses: the answer never shares strictly the most.
    Map<Integer, Integer> sum = shared(r.context(), r.query());
    assertTrue(sum.entrySet().stream().anyMatch(s -> s.getKey() != e.answer() && s.getValue() >= sum.get(e.answer())), sum.toString());
  }

  /**
   * What a learner that never reads the query could go on: for each class, the multiset of its
   * items' descriptions, each feature's value described by how many items hold it, under how many
   * labels, and how many of them are in the item's own class. Values and labels are drawn afresh, so
   * nothing else about a class is visible without the query.
   */
  private static Map<Integer, List<String>> shapes(List<Item> context) {
    Map<Integer, List<String>> out = new HashMap<>();
    for (Item item : context) {
      StringBuilder d = new StringBuilder();
      for (int k = 0; k < 2; k++) {
        int kk = k, v = item.stimulus().feature(k);
        long all = context.stream().filter(x -> x.stimulus().feature(kk) == v).count();
        long own = context.stream().filter(x -> x.stimulus().feature(kk) == v && x.label() == item.label()).count();
        d.append(all).append('/').append(labelsByValue(context, k).get(v).size()).append('/').append(own).append(' ');
      }
      out.computeIfAbsent(item.label(), x -> new ArrayList<>()).add(d.toString());
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  @Property(tries = 300)
  void noClassStandsOutWithoutTheQuery(@ForAll long seed) {
    for (Episode e : List.of(EPISODES.exemplar(new Draws(seed)), EPISODES.sparseRule(new Draws(seed)))) {
      Map<Integer, List<String>> shapes = shapes(EpisodesTest.read(e).context());
      assertEquals(3, shapes.size());
      assertEquals(1, new HashSet<>(shapes.values()).size(), "every class has the answer's shape: " + shapes);
    }
  }

  /** The test above can fail: the earlier form's query class was the only one varying on both features. */
  @Test
  void theShapesTellAClassThatStandsOut() {
    List<Item> context = List.of(
        new Item(new Stimulus(0, 1), 0), new Item(new Stimulus(2, 3), 0), new Item(new Stimulus(2, 1), 0),
        new Item(new Stimulus(4, 5), 1), new Item(new Stimulus(4, 5), 1), new Item(new Stimulus(4, 5), 1),
        new Item(new Stimulus(6, 7), 2), new Item(new Stimulus(6, 7), 2), new Item(new Stimulus(6, 7), 2));
    assertEquals(2, new HashSet<>(shapes(context).values()).size());
  }

  @Property(tries = 300)
  void theBalancedTestIsPaddedToTheTrainingLengthAndItsControlSwapsAxForAu(@ForAll long seed) {
    Episode partial = EPISODES.partialExposure(new Draws(seed), PartialExposure.Condition.PARTIAL);
    Episode control = EPISODES.partialExposure(new Draws(seed), PartialExposure.Condition.CONTROL);
    assertEquals(EPISODES.training(new Draws(seed), 0.5).length(), partial.length(), "the training length");
    EpisodesTest.Read p = EpisodesTest.read(partial), c = EpisodesTest.read(control);
    assertEquals(List.of(partial.length() - 1), p.targetPositions());
    Stimulus bx = p.query();
    assertEquals(bx, c.query());
    int l0 = partial.distractor(), l1 = partial.answer();
    assertNotEquals(l0, l1);
    List<Item> x = p.context().stream().filter(i -> i.stimulus().f2() == bx.f2()).toList();
    assertEquals(2, x.size(), "AX twice");
    int a = x.get(0).stimulus().f1();
    assertNotEquals(a, bx.f1());
    for (Item i : x) assertEquals(new Item(new Stimulus(a, bx.f2()), l0), i);
    List<Item> b = p.context().stream().filter(i -> i.stimulus().f1() == bx.f1()).toList();
    assertEquals(2, b.size(), "BW twice");
    int w = b.get(0).stimulus().f2();
    for (Item i : b) assertEquals(new Item(new Stimulus(bx.f1(), w), l1), i);
    assertEquals(1, p.context().stream().filter(i -> i.equals(new Item(new Stimulus(a, w), l0))).count(), "AW once");
    // The padding shares no feature with BX and takes a third label.
    List<Item> rest = p.context().stream().filter(i -> i.label() != l0 && i.label() != l1).toList();
    assertEquals(4, rest.size());
    for (Item i : rest) {
      assertNotEquals(bx.f1(), i.stimulus().f1());
      assertNotEquals(bx.f2(), i.stimulus().f2());
    }
    // The control: AU twice in AX's places, X nowhere.
    for (int i = 0; i < p.context().size(); i++) {
      Item pi = p.context().get(i), ci = c.context().get(i);
      if (pi.stimulus().f2() == bx.f2()) {
        assertEquals(a, ci.stimulus().f1());
        assertNotEquals(bx.f2(), ci.stimulus().f2());
        assertNotEquals(w, ci.stimulus().f2());
      } else assertEquals(pi, ci);
    }
    assertEquals(Map.of(l1, 2), shared(c.context(), bx), "in the control only BW shares a feature with BX");
    assertEquals(Map.of(l0, 2, l1, 2), shared(p.context(), bx), "summed similarity ties l0 and l1");
  }

  @Property(tries = 20)
  void rhoSetsTheShareOfRuleEpisodes(@ForAll long seed) {
    Draws draws = new Draws(seed);
    int rule = 0, n = 2000;
    for (int i = 0; i < n; i++) {
      EpisodesTest.Read r = EpisodesTest.read(EPISODES.training(draws, 0.25));
      if (consistent(r.context(), 0) || consistent(r.context(), 1)) rule++;
    }
    assertTrue(Math.abs(rule - 500) < 100, rule + " rule episodes of " + n);
  }
}
