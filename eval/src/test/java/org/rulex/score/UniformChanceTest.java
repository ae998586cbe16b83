package org.rulex.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rulex.bench.CellData;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Rule;

class UniformChanceTest {

  /**
   * The oracle: every completion of at most budget tokens, weighted by its probability under a
   * uniform sampler over symbols and EOS, checked by the rules' ANTLR parsers (not the automata
   * the programme uses).
   */
  static double bruteForce(Rule rule, List<int[]> prompts, int budget, boolean completionOnly, int[] alphabet) {
    double total = 0;
    for (int[] p : prompts) total += enumerate(rule, p, new int[0], budget, completionOnly, alphabet);
    return total / prompts.size();
  }

  private static double enumerate(Rule rule, int[] prompt, int[] done, int left, boolean completionOnly, int[] alphabet) {
    if (left == 0) return 0;
    double p = 1.0 / (alphabet.length + 1);
    int[] word = completionOnly ? done : concat(prompt, done);
    double sum = rule.accepts(word) ? p : 0; // EOS now
    for (int x : alphabet) {
      int[] more = Arrays.copyOf(done, done.length + 1);
      more[done.length] = x;
      sum += p * enumerate(rule, prompt, more, left - 1, completionOnly, alphabet);
    }
    return sum;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] w = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, w, a.length, b.length);
    return w;
  }

  @Tag("slow") // tens of seconds: the slow tier, run by `mvn verify`
  @ParameterizedTest
  @ValueSource(strings = {"ban", "bban", "anbn", "dyck", "anbncn", "csdyck"})
  void exactProgrammeAgreesWithEnumeratingEveryCompletion(String name) {
    Language lang = Languages.standard().get(name);
    int[] alphabet = lang.vocabulary().symbolIds();
    int budget = alphabet.length > 3 ? 5 : 7;
    Map<String, List<int[]>> sets = CellData.prompts(lang, 1);
    UniformChance chance = new UniformChance(lang);
    for (PromptSetRules set : PromptSetRules.all(lang)) {
      // A handful of prompts keeps the enumeration (|alphabet|+1)^budget per prompt small.
      List<int[]> prompts = sets.get(set.name()).stream().limit(6).toList();
      if (prompts.isEmpty()) continue;
      Map<String, UniformChance.Level> levels = chance.of(set, prompts, n -> budget, 1);
      double finished = UniformChance.finishProbability(alphabet.length, budget);
      for (String id : set.checked()) {
        double expected = bruteForce(lang.rule(id).orElseThrow(), prompts, budget, false, alphabet);
        assertEquals(expected, levels.get(id).overAllPrompts(), 1e-12, name + " " + set.name() + " " + id);
        assertEquals(expected / finished, levels.get(id).overFinishedOnly(), 1e-12);
        assertTrue(levels.get(id).method().startsWith("exact"), levels.get(id).method());
      }
      assertEquals(bruteForce(lang.language(), prompts, budget, false, alphabet), levels.get(UniformChance.IN_LANGUAGE).overAllPrompts(), 1e-12);
      if (set.broken() != null)
        assertEquals(bruteForce(lang.rule(set.broken()).orElseThrow(), prompts, budget, true, alphabet),
            levels.get(UniformChance.BROKEN_ON_COMPLETION).overAllPrompts(), 1e-12);
      assertEquals(finished, levels.get(UniformChance.FINISHED).overAllPrompts(), 1e-12);
    }
  }

  @Test
  void anbnOodR1AtTheQuickBudgetIsTheRecomputedFigure() {
    // Issue 8 recomputed .156 for anbn's 247 length-8 ood-R2 prompts with a 24-token budget.
    Language anbn = Languages.standard().get("anbn");
    PromptSetRules ood = PromptSetRules.all(anbn).stream().filter(s -> s.name().equals("ood-R2")).findFirst().orElseThrow();
    List<int[]> prompts = CellData.prompts(anbn, 1).get("ood-R2");
    assertEquals(247, prompts.size());
    UniformChance.Level r1 = new UniformChance(anbn).of(ood, prompts, n -> 24, 1).get("R1");
    // #a = #b is one context-free grammar: counted exactly in one Bar-Hillel product for all 247 prompts.
    assertTrue(r1.method().startsWith("exact"), r1.method());
    assertEquals(0.156, r1.overAllPrompts(), 0.0005);
    assertEquals(r1.overAllPrompts(), r1.low());
  }

  @Test
  void countingAndTheForwardProgrammeAgreeWhereBothAreExact() {
    // dyck's rules are one grammar each: counting and the product-automaton programme both apply.
    Language dyck = Languages.standard().get("dyck");
    Map<String, List<int[]>> sets = CellData.prompts(dyck, 1);
    for (PromptSetRules set : PromptSetRules.all(dyck)) {
      List<int[]> prompts = sets.get(set.name()).stream().limit(40).toList();
      for (String id : set.checked()) {
        Rule rule = dyck.rule(id).orElseThrow();
        double counted = new UniformChance(dyck).of(set, prompts, n -> 12, 1).get(id).overAllPrompts();
        double stepped = 0;
        org.rulex.grammar.Conjunction automaton = rule.automaton();
        for (int[] p : prompts) {
          int start = automaton.run(p);
          if (start != org.rulex.grammar.Conjunction.DEAD) stepped += UniformChance.forward(automaton, dyck.vocabulary().symbolIds(), start, 12);
        }
        assertEquals(stepped / prompts.size(), counted, 1e-12, set.name() + " " + id);
      }
    }
  }

  @Tag("slow") // tens of seconds: the slow tier, run by `mvn verify`
  @Test
  void twoContextFreePartsFallBackToAnEstimateThatSaysSo() {
    // anbncn's R1 is #a = #b and #b = #c: no single product counts it; at this budget the
    // programme's automaton outgrows its limit, and a Monte Carlo estimate carries its interval.
    Language anbncn = Languages.standard().get("anbncn");
    PromptSetRules ood = PromptSetRules.all(anbncn).stream().filter(s -> s.kind() == PromptSetRules.Kind.OOD).findFirst().orElseThrow();
    List<int[]> prompts = CellData.prompts(anbncn, 1).get(ood.name());
    UniformChance.Level r1 = new UniformChance(anbncn).of(ood, prompts, n -> 26, 1).get("R1");
    assertTrue(r1.method().equals("exact") || r1.method().startsWith("monte-carlo"), r1.method());
    assertTrue(r1.low() <= r1.overAllPrompts() && r1.overAllPrompts() <= r1.high());
  }

  @Test
  void finishingIsCertainOnlyInTheLimit() {
    assertEquals(0.5, UniformChance.finishProbability(1, 1), 1e-15);
    assertEquals(1 - Math.pow(2.0 / 3, 10), UniformChance.finishProbability(2, 10), 1e-15);
    assertTrue(UniformChance.finishProbability(2, 10) < 1);
  }
}
