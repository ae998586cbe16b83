package org.rulex.grammar;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.rulex.grammar.oracle.LanguageOracle;

/**
 * What the grammar-engine tests share: the languages of grammars/ (loaded once; rulex.home is set
 * by surefire), rules looked up by id with "L" for the language itself, and a sampler of members
 * per rule (path counts for one grammar rule, the rule's engine for a conjunction: every rule
 * here has unambiguous parts, so paths are words).
 */
final class Engines {
  static final Languages LANGUAGES = Languages.standard();
  /** Samplers are not thread-safe, and jqwik runs one property at a time: one per rule is enough. */
  private static final Map<Rule, Object> SAMPLERS = new ConcurrentHashMap<>();

  private Engines() {}

  static Language language(String name) {
    return LANGUAGES.get(name);
  }

  static Rule rule(Language lang, String id) {
    if (id.equals(LanguageOracle.LANGUAGE)) return lang.language();
    return lang.rule(id).orElseThrow(() -> new IllegalArgumentException(lang.name() + " has no rule " + id));
  }

  static Rule rule(String language, String id) {
    return rule(language(language), id);
  }

  static int[] ids(Language lang, String word) {
    return lang.vocabulary().encode(word);
  }

  static String text(Language lang, int[] ids) {
    return lang.vocabulary().decode(ids);
  }

  /** The names of the languages in grammars/, in directory order. */
  static List<String> names() {
    return LANGUAGES.all().stream().map(Language::name).toList();
  }

  /**
   * The longest members the tests draw from a rule. The product automaton of anbncn's R1
   * (#a = #b and #b = #c) interns Earley item sets, not count differences, and passes its
   * 2,000,000-state limit near length 18; every other rule here stays small up to 24.
   */
  static int maxSampleLength(Rule rule) {
    return rule.isSingleGrammarRule() || rule.parts().stream().noneMatch(g -> g.name().equals("equalBC")) ? 20 : 12;
  }

  /** Number of members of the rule with exactly n tokens. */
  static synchronized BigInteger count(Rule rule, int n) {
    Object s = sampler(rule);
    return s instanceof PathCounts pc ? pc.count(n) : ((RuleEngine) s).count(n);
  }

  /** A member of the rule with exactly n tokens (there must be one). */
  static synchronized int[] sample(Rule rule, int n, SplittableRandom random) {
    Object s = sampler(rule);
    return s instanceof PathCounts pc ? pc.sample(n, random) : ((RuleEngine) s).sample(n, random);
  }

  private static Object sampler(Rule rule) {
    return SAMPLERS.computeIfAbsent(rule, r -> r.isSingleGrammarRule() ? new PathCounts(r.parts().get(0)) : r.engine());
  }
}
