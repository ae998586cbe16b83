package org.rulex.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Rule;

/** Prompt sets: exact counts for anbn against a hand derivation, and per-prompt checks for every language. */
class PromptSetsTest {
  static final Languages LANGUAGES = Languages.standard();
  private static final Map<String, PromptSets> SETS = new ConcurrentHashMap<>();

  static PromptSets sets(String name) {
    return SETS.computeIfAbsent(name, n -> PromptClassifier.build(LANGUAGES.get(n), null, 1, 2_000));
  }

  /**
   * anbn, length 8, all 256 words over {a, b}. R1 (#a = #b) is viable for every word (append
   * the missing letters). R2 (a's before b's) is viable exactly for a^k b^(8-k), k = 0..8: 9
   * words. A member a^n b^n starts with a^k b^j (k + j = 8) iff j = 0 or (n = k and j <= k):
   * so ID = a^k b^(8-k) with 8-k <= k, i.e. k = 4..8: 5 prompts. The other a^k b^(8-k), k = 0..3
   * (more b's than a's), break no rule and complete to no member: 4. OOD-R2 = 256 - 9 = 247.
   */
  @Test
  void anbnAtLengthEightHasTheCountsDerivedByHand() {
    PromptSets p = sets("anbn");
    assertEquals(8, p.length());
    assertEquals(256, p.candidates());
    List<String> id = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    List<String> ood = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      StringBuilder sb = new StringBuilder();
      for (int b = 7; b >= 0; b--) sb.append(((i >> b) & 1) == 0 ? 'a' : 'b');
      String w = sb.toString();
      int k = w.indexOf('b') < 0 ? 8 : w.indexOf('b');
      boolean ordered = w.substring(k).chars().allMatch(c -> c == 'b');
      if (!ordered) ood.add(w);
      else if (8 - k <= k) id.add(w);
      else stuck.add(w);
    }
    assertEquals(5, id.size());
    assertEquals(247, ood.size());
    assertEquals(4, stuck.size());
    assertEquals(id, p.id().stream().map(Prompt::text).toList());
    assertEquals(ood, p.ood("ood-R2").prompts().stream().map(Prompt::text).toList());
    assertEquals(stuck, p.breaksNoRuleNotCompletable().stream().map(Prompt::text).toList());
    assertEquals(0, p.breaksSeveralRules());
    assertEquals("aaaaabbbbb", p.id().get(3).witness()); // aaaaabbb -> shortest member a^5 b^5
  }

  @Test
  void anbncnAtLengthFiveKeepsTheSeventeenNoRuleBrokenPromptsOutOfOod() {
    PromptSets p = sets("anbncn");
    assertEquals(243, p.candidates());
    assertEquals(17, p.breaksNoRuleNotCompletable().size());
    assertEquals(243, p.id().size() + p.ood("ood-R2").prompts().size() + p.breaksNoRuleNotCompletable().size() + p.breaksSeveralRules());
  }

  @Provide
  Arbitrary<String> languages() {
    return Arbitraries.of(LANGUAGES.all().stream().map(Language::name).toList());
  }

  @Property(tries = 40)
  void promptsAreDistinctAndEachClassHoldsWhatItSays(@ForAll("languages") String name, @ForAll long seed) {
    Language lang = LANGUAGES.get(name);
    PromptSets p = sets(name);
    Set<String> all = new HashSet<>();
    List<Prompt> every = new ArrayList<>(p.id());
    p.ood().forEach(o -> every.addAll(o.prompts()));
    every.addAll(p.breaksNoRuleNotCompletable());
    for (Prompt q : every) assertEquals(p.length(), q.ids().length);
    for (Prompt q : p.id()) assertTrue(all.add(q.text()), "duplicate " + q.text());
    for (Prompt q : p.breaksNoRuleNotCompletable()) assertTrue(all.add(q.text()), "ID and not completable: " + q.text());
    // By text: an OOD prompt has no witness, so it never equals an ID prompt even with the same ids.
    for (var o : p.ood()) for (Prompt q : o.prompts()) assertFalse(all.contains(q.text()), "OOD prompt " + q.text() + " is also ID or not completable");

    SplittableRandom random = new SplittableRandom(seed);
    for (Prompt q : pick(p.id(), random)) {
      assertNotNull(q.witness());
      int[] w = lang.encode(q.witness());
      assertTrue(lang.accepts(w), "witness " + q.witness() + " is not a member");
      assertArrayEquals(q.ids(), Arrays.copyOf(w, q.ids().length));
    }
    for (var o : p.ood()) {
      Rule broken = lang.rule(o.breaks()).orElseThrow();
      for (Prompt q : pick(o.prompts(), random)) {
        assertFalse(broken.isViablePrefix(q.ids(), lang.maxWordLength()), q.text() + " does not break " + o.breaks());
        for (String c : o.checks()) assertCompletable(lang, lang.rule(c).orElseThrow(), q);
      }
    }
    for (Prompt q : pick(p.breaksNoRuleNotCompletable(), random)) {
      for (Rule r : lang.rules()) assertCompletable(lang, r, q);
      assertFalse(lang.language().isViablePrefix(q.ids(), lang.maxWordLength()));
    }
  }

  /** Independent of the classifier's verdict: a completion found by search and accepted by ANTLR. */
  private static void assertCompletable(Language lang, Rule r, Prompt q) {
    int[] c = PromptClassifier.shortestCompletion(r.automaton(), lang.vocabulary().symbolIds(), q.ids(), lang.maxWordLength() - q.ids().length);
    assertNotNull(c, q.text() + " cannot be completed for " + r.id());
    assertTrue(r.accepts(c), r.id() + " rejects the completion " + lang.vocabulary().decode(c));
  }

  private static List<Prompt> pick(List<Prompt> ps, SplittableRandom random) {
    if (ps.size() <= 20) return ps;
    List<Prompt> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) out.add(ps.get(random.nextInt(ps.size())));
    return out;
  }

  @Test
  void promptsAreEqualByValue() {
    Prompt a = new Prompt("ab", new int[] {3, 4}, "abb");
    assertEquals(a, new Prompt("ab", new int[] {3, 4}, "abb"));
    assertEquals(a.hashCode(), new Prompt("ab", new int[] {3, 4}, "abb").hashCode());
    assertTrue(List.of(a).contains(new Prompt("ab", new int[] {3, 4}, "abb")));
    assertNotEquals(a, new Prompt("ab", new int[] {3, 5}, "abb"));
    assertNotEquals(a, new Prompt("ab", new int[] {3, 4}, null));
  }
}
