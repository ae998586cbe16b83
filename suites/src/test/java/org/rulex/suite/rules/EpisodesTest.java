package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.rulex.grammar.Vocabulary;
import org.rulex.suite.Draws;

/**
 * The episodes, read back from their token ids alone and checked against their definitions: the
 * decoding below knows only the token layout, not how the generator builds an episode.
 */
class EpisodesTest {
  private static final Tokens TOKENS = new Tokens(4, 16);
  private static final Episodes EPISODES = new Episodes(TOKENS);

  /** An episode's context as (stimulus, label) pairs, its query, and the positions with a target. */
  record Read(List<Item> context, Stimulus query, List<Integer> targetPositions) {}

  private static Stimulus stimulus(long id) {
    int index = (int) (id - TOKENS.label(TOKENS.labels()));
    assertTrue(index >= 0 && index < 256, "not a stimulus id: " + id);
    return new Stimulus(index / 16, index % 16);
  }

  static Read read(Episode e) {
    long[] in = e.inputs();
    assertEquals(Vocabulary.SOS, in[0]);
    assertEquals(0, in.length % 2, "SOS, pairs, query: an even length");
    List<Item> context = new ArrayList<>();
    for (int i = 1; i + 1 < in.length; i += 2) {
      int label = TOKENS.labelOf(in[i + 1]);
      assertTrue(label >= 0, "position " + (i + 1) + " holds no label");
      context.add(new Item(stimulus(in[i]), label));
    }
    List<Integer> targets = new ArrayList<>();
    for (int i = 0; i < in.length; i++) {
      if (e.targets()[i] == Vocabulary.PAD) continue;
      targets.add(i);
      assertTrue(i % 2 == 1, "a target at a label position " + i);
      if (i + 1 < in.length) assertEquals(in[i + 1], e.targets()[i], "a context target is the label that follows");
    }
    assertEquals(TOKENS.label(e.answer()), e.targets()[in.length - 1], "the query's target is the answer");
    return new Read(context, stimulus(in[in.length - 1]), targets);
  }

  @Property(tries = 300)
  void anExemplarEpisodeShowsThreeStimuliThreeTimesAndAsksForOneOfThem(@ForAll long seed) {
    Episode e = EPISODES.exemplar(new Draws(seed));
    Read r = read(e);
    assertEquals(9, r.context().size());
    Map<Stimulus, Integer> label = new HashMap<>();
    Map<Stimulus, Integer> count = new HashMap<>();
    for (Item item : r.context()) {
      Integer before = label.putIfAbsent(item.stimulus(), item.label());
      if (before != null) assertEquals(before, item.label(), "one label per stimulus");
      count.merge(item.stimulus(), 1, Integer::sum);
    }
    assertEquals(3, count.size());
    count.values().forEach(n -> assertEquals(3, n));
    assertEquals(3, new java.util.HashSet<>(label.values()).size(), "three different labels");
    assertTrue(label.containsKey(r.query()), "the query repeats a context stimulus");
    assertEquals(label.get(r.query()), e.answer());
    // Targets: exactly the repeats (the stimulus was shown before), and the query.
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Stimulus s = r.context().get(i).stimulus();
      if (r.context().subList(0, i).contains(new Item(s, label.get(s)))) expected.add(1 + 2 * i);
    }
    expected.add(e.length() - 1);
    assertEquals(expected, r.targetPositions());
  }

  @Property(tries = 300)
  void aSparseRuleEpisodeHasOneDecidingFeatureAndANewQuery(@ForAll long seed) {
    Episode e = EPISODES.sparseRule(new Draws(seed));
    Read r = read(e);
    assertEquals(9, r.context().size());
    // Some feature decides every label, the query's included; the query's combination is new.
    boolean decided = false;
    for (int feature = 0; feature < 2; feature++) {
      final int k = feature;
      Map<Integer, Integer> byValue = new HashMap<>();
      boolean consistent = true;
      for (Item item : r.context()) {
        Integer before = byValue.putIfAbsent(item.stimulus().feature(k), item.label());
        consistent &= before == null || before == item.label();
      }
      if (consistent && byValue.size() == 3 && Integer.valueOf(e.answer()).equals(byValue.get(r.query().feature(k)))) {
        decided = true;
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
          int value = r.context().get(i).stimulus().feature(k);
          if (r.context().subList(0, i).stream().anyMatch(x -> x.stimulus().feature(k) == value)) expected.add(1 + 2 * i);
        }
        expected.add(e.length() - 1);
        // With both features consistent (rare), either reading may be the generator's.
        if (expected.equals(r.targetPositions())) break;
        decided = false;
      }
    }
    assertTrue(decided, "no feature decides the labels and the targets");
    assertFalse(r.context().stream().anyMatch(x -> x.stimulus().equals(r.query())), "the query is a new combination");
  }

  @Property(tries = 300)
  void partialExposureAndItsControlDifferOnlyInAxBecomingAu(@ForAll long seed) {
    Episode partial = EPISODES.partialExposure(new Draws(seed), PartialExposure.Condition.PARTIAL);
    Episode control = EPISODES.partialExposure(new Draws(seed), PartialExposure.Condition.CONTROL);
    Read p = read(partial), c = read(control);
    assertEquals(4, p.context().size());
    assertEquals(List.of(partial.length() - 1), p.targetPositions(), "a test episode trains nothing but names its answer");
    Stimulus bx = p.query();
    assertEquals(bx, c.query());
    int l0 = partial.distractor(), l1 = partial.answer();
    assertNotEquals(l0, l1);
    // Partial: AW l0, AX l0, BW l1, BW l1 with A != B and W != X, in some order.
    List<Item> ax = p.context().stream().filter(x -> x.stimulus().f2() == bx.f2()).toList();
    assertEquals(1, ax.size(), "X is shown once");
    int a = ax.get(0).stimulus().f1();
    assertNotEquals(a, bx.f1());
    assertEquals(l0, ax.get(0).label());
    List<Item> bw = p.context().stream().filter(x -> x.stimulus().f1() == bx.f1()).toList();
    assertEquals(2, bw.size(), "B is shown twice");
    int w = bw.get(0).stimulus().f2();
    assertNotEquals(w, bx.f2());
    for (Item item : bw) assertEquals(new Item(new Stimulus(bx.f1(), w), l1), item);
    assertTrue(p.context().contains(new Item(new Stimulus(a, w), l0)));
    // Control: the same episode, AU in AX's place, X nowhere.
    for (int i = 0; i < 4; i++) {
      Item pi = p.context().get(i), ci = c.context().get(i);
      if (pi.stimulus().f2() == bx.f2()) {
        assertEquals(a, ci.stimulus().f1());
        assertNotEquals(bx.f2(), ci.stimulus().f2());
        assertNotEquals(w, ci.stimulus().f2());
        assertEquals(l0, ci.label());
      } else assertEquals(pi, ci);
    }
    assertEquals(l1, control.answer());
    assertEquals(l0, control.distractor());
  }

  @Property(tries = 50)
  void theSameSeedGivesTheSameEpisodes(@ForAll long seed) {
    for (double rho : new double[] {0, 0.5, 1}) {
      Episode a = EPISODES.training(new Draws(seed), rho), b = EPISODES.training(new Draws(seed), rho);
      assertArrayEquals(a.inputs(), b.inputs());
      assertArrayEquals(a.targets(), b.targets());
    }
  }

  @Property(tries = 50)
  void withTheLossOnTheQueryTheSameEpisodesHaveOneTargetTheQuerysLabel(@ForAll long seed) {
    Episodes queryOnly = new Episodes(TOKENS, RulesSpec.LossAt.QUERY);
    for (double rho : new double[] {0, 1}) {
      Episode both = EPISODES.training(new Draws(seed), rho), query = queryOnly.training(new Draws(seed), rho);
      assertArrayEquals(both.inputs(), query.inputs(), "the same episode, only the targets differ");
      assertEquals(List.of(query.length() - 1), read(query).targetPositions());
      assertEquals(both.targets()[both.length() - 1], query.targets()[query.length() - 1]);
      // Every exemplar episode repeats a stimulus and every rule episode a deciding value, so the other placement has more.
      assertTrue(read(both).targetPositions().size() > 1, "determined context labels are targets by default");
    }
  }

  @Property(tries = 20)
  void rhoSetsTheShareOfRuleEpisodes(@ForAll long seed) {
    Draws draws = new Draws(seed);
    int rule = 0, n = 2000;
    for (int i = 0; i < n; i++) if (isRuleEpisode(EPISODES.training(draws, 0.25))) rule++;
    // Binomial(2000, 0.25): sd 19.4; 5 sd either side.
    assertTrue(Math.abs(rule - 500) < 100, rule + " rule episodes of " + n);
    for (int i = 0; i < 50; i++) {
      assertFalse(isRuleEpisode(EPISODES.training(draws, 0)));
      assertTrue(isRuleEpisode(EPISODES.training(draws, 1)));
    }
  }

  /** A rule episode's query is a combination the context never showed; an exemplar episode's is one it did. */
  private static boolean isRuleEpisode(Episode e) {
    Read r = read(e);
    return r.context().stream().noneMatch(x -> x.stimulus().equals(r.query()));
  }
}
