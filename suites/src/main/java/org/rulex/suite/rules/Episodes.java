package org.rulex.suite.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rulex.suite.Draws;

/**
 * The episodes of the in-context test; this comment describes design v1, {@link EpisodesV2} design
 * v2 (the design a spec names chooses which builds them). Meta-training mixes two kinds (3 classes x 3 repetitions
 * each, labels drawn afresh per episode):
 *
 * <ul>
 *   <li>exemplar: 3 stimuli drawn at random; the query repeats one of them exactly, so matching the
 *       whole stimulus answers it;
 *   <li>sparse rule: one feature, chosen per episode, decides the label; the context pairs each of
 *       its 3 values with random values of the other feature, and the query is a combination the
 *       context has not shown.
 * </ul>
 *
 * Inside the context a label is a target where the items before it determine it (the same stimulus
 * in an exemplar episode, the same value of the deciding feature in a rule episode), unless the
 * loss falls on the query alone. Besides adding signal, context targets train every stimulus
 * position as a read-out: the test episodes are shorter than the training ones, and their query
 * stands where a context stimulus stands in training.
 */
final class Episodes {
  static final int CLASSES = 3;
  static final int REPEATS = 3;

  private final Tokens tokens;
  private final boolean contextTargets;
  private final RulesSpec.Design design;

  /** Episodes of design v1 whose determined context labels are targets too. */
  Episodes(Tokens tokens) {
    this(tokens, RulesSpec.LossAt.DETERMINED);
  }

  Episodes(Tokens tokens, RulesSpec.LossAt loss) {
    this(tokens, loss, RulesSpec.Design.V1);
  }

  Episodes(Tokens tokens, RulesSpec.LossAt loss, RulesSpec.Design design) {
    this.tokens = tokens;
    this.contextTargets = loss == RulesSpec.LossAt.DETERMINED;
    this.design = design;
  }

  /** Context items per episode, the same in both designs and in every kind (v2 pads its tests to it). */
  static int contextItems() {
    return CLASSES * REPEATS;
  }

  /** An exemplar episode with probability 1 - rho, else a sparse-rule one. */
  Episode training(Draws draws, double rho) {
    return draws.nextDouble() < rho ? sparseRule(draws) : exemplar(draws);
  }

  Episode exemplar(Draws draws) {
    return design == RulesSpec.Design.V2 ? EpisodesV2.exemplar(tokens, contextTargets, draws) : exemplarV1(draws);
  }

  Episode sparseRule(Draws draws) {
    return design == RulesSpec.Design.V2 ? EpisodesV2.sparseRule(tokens, contextTargets, draws) : sparseRuleV1(draws);
  }

  Episode partialExposure(Draws draws, PartialExposure.Condition condition) {
    return design == RulesSpec.Design.V2 ? EpisodesV2.partialExposure(tokens, draws, condition) : partialExposureV1(draws, condition);
  }

  private Episode exemplarV1(Draws draws) {
    int[] ids = Pick.distinct(draws, tokens.values() * tokens.values(), CLASSES);
    int[] labels = Pick.distinct(draws, tokens.labels(), CLASSES);
    List<Item> context = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++)
      for (int r = 0; r < REPEATS; r++) context.add(new Item(stimulus(ids[c]), labels[c]));
    Pick.shuffle(context, draws);
    boolean[] determined = new boolean[context.size()];
    Set<Stimulus> seen = new HashSet<>();
    for (int i = 0; i < context.size(); i++) determined[i] = contextTargets && !seen.add(context.get(i).stimulus());
    int q = draws.nextInt(CLASSES);
    return Episode.of(tokens, context, determined, stimulus(ids[q]), labels[q], -1);
  }

  private Episode sparseRuleV1(Draws draws) {
    int feature = draws.nextInt(2);
    int[] values = Pick.distinct(draws, tokens.values(), CLASSES);
    int[] labels = Pick.distinct(draws, tokens.labels(), CLASSES);
    List<Item> context = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++)
      for (int r = 0; r < REPEATS; r++)
        context.add(new Item(Stimulus.withFeature(feature, values[c], draws.nextInt(tokens.values())), labels[c]));
    Pick.shuffle(context, draws);
    boolean[] determined = new boolean[context.size()];
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < context.size(); i++) determined[i] = contextTargets && !seen.add(context.get(i).stimulus().feature(feature));
    int q = draws.nextInt(CLASSES);
    // A new combination: the other feature takes a value the context never paired with this one.
    Set<Integer> paired = new HashSet<>();
    for (Item item : context) if (item.stimulus().feature(feature) == values[q]) paired.add(item.stimulus().feature(1 - feature));
    int other;
    do other = draws.nextInt(tokens.values());
    while (paired.contains(other));
    return Episode.of(tokens, context, determined, Stimulus.withFeature(feature, values[q], other), labels[q], -1);
  }

  /** AW l0, AX l0 (AU l0 in the control), BW l1, BW l1 in random order, then BX: answer l1, distractor l0. */
  private Episode partialExposureV1(Draws draws, PartialExposure.Condition condition) {
    PartialExposure design = PartialExposure.draw(draws, tokens.values(), tokens.labels());
    List<Item> context = design.context(condition);
    Pick.shuffle(context, draws);
    return Episode.of(tokens, context, new boolean[context.size()], design.probe(), design.l1(), design.l0());
  }

  private Stimulus stimulus(int index) {
    return new Stimulus(index / tokens.values(), index % tokens.values());
  }
}
