package org.rulex.score;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rulex.UserError;
import org.rulex.grammar.Language;
import org.rulex.grammar.LanguageSpec;
import org.rulex.grammar.Rule;

/**
 * Which rules a prompt set breaks and which it checks. In-distribution (ID) prompts break
 * nothing and are checked against every rule; an out-of-distribution (OOD) set breaks one rule
 * and checks the ones its spec names (not simply "all the others": in Dyck, breaking R2 also
 * breaks nesting).
 */
public record PromptSetRules(String name, Kind kind, String broken, List<String> checked) {
  public enum Kind { ID, OOD }

  /** The name of the in-distribution prompt set. */
  public static final String ID_NAME = "id";

  public PromptSetRules {
    checked = List.copyOf(checked);
    if (kind == Kind.ID && broken != null) throw new IllegalArgumentException("an ID prompt set breaks no rule");
    if (kind == Kind.OOD && broken == null) throw new IllegalArgumentException("an OOD prompt set breaks a rule");
  }

  /** The ID set of a language: every rule checked. */
  public static PromptSetRules id(Language language) {
    return new PromptSetRules(ID_NAME, Kind.ID, null, language.rules().stream().map(Rule::id).toList());
  }

  /** An OOD set as the language spec declares it; no "checks" means every rule but the broken one. */
  public static PromptSetRules ood(Language language, LanguageSpec.OodSpec spec) {
    List<String> checks = spec.checks() != null ? spec.checks()
        : language.rules().stream().map(Rule::id).filter(id -> !id.equals(spec.breaks())).toList();
    return new PromptSetRules(spec.name(), Kind.OOD, spec.breaks(), checks);
  }

  /**
   * The name suffix of a complement set: every string of the prompt length that is not an ID
   * prompt. A hand-written completability test (a prompt is ID when it can still be completed into
   * a member, OOD otherwise) splits prompts this way; its OOD side then also holds prompts that
   * break no single rule, only their conjunction (in aNbN, b^8 and a^k b^(8-k) with k &lt; 4).
   */
  public static final String COMPLEMENT_SUFFIX = "-complement";

  /** The most strings a complement set may enumerate. */
  public static final int MAX_COMPLEMENT = 1 << 16;

  /**
   * The complement set of a language with exactly one OOD set: every string of the ID prompts'
   * length that is not an ID prompt, named after the OOD set, scored as if it broke that set's rule
   * and checked the same rules (a label only: some of its prompts break no rule).
   *
   * @param id the ID prompts (alphabet ids, no SOS), all of one length
   * @return the complement set's rules and its prompts, in lexicographic order of ids
   */
  public static Map.Entry<PromptSetRules, List<int[]>> complement(Language language, List<int[]> id) {
    List<PromptSetRules> sets = all(language);
    if (sets.size() != 2)
      throw new UserError(language.name() + ": a complement prompt set needs exactly one OOD set, not " + (sets.size() - 1));
    PromptSetRules ood = sets.get(1);
    if (id.isEmpty()) throw new UserError(language.name() + ": a complement prompt set needs ID prompts to know their length");
    int length = id.get(0).length;
    int[] symbols = language.vocabulary().symbolIds();
    if (Math.pow(symbols.length, length) > MAX_COMPLEMENT)
      throw new UserError(language.name() + ": " + symbols.length + "^" + length + " prompts are more than the " + MAX_COMPLEMENT + " a complement set enumerates");
    Set<String> inId = new HashSet<>();
    for (int[] p : id) {
      if (p.length != length) throw new UserError(language.name() + ": ID prompts of different lengths");
      inId.add(java.util.Arrays.toString(p));
    }
    List<int[]> out = new ArrayList<>();
    int[] digits = new int[length];
    while (true) {
      int[] p = new int[length];
      for (int i = 0; i < length; i++) p[i] = symbols[digits[i]];
      if (!inId.contains(java.util.Arrays.toString(p))) out.add(p);
      int i = length - 1;
      while (i >= 0 && ++digits[i] == symbols.length) digits[i--] = 0;
      if (i < 0) break;
    }
    return Map.entry(new PromptSetRules(ood.name() + COMPLEMENT_SUFFIX, Kind.OOD, ood.broken(), ood.checked()), out);
  }

  /** {@link #all(Language)}, then the complement set when {@code present} names it. */
  public static List<PromptSetRules> all(Language language, Collection<String> present) {
    List<PromptSetRules> out = all(language);
    if (out.size() == 2 && present.contains(out.get(1).name() + COMPLEMENT_SUFFIX)) {
      PromptSetRules ood = out.get(1);
      out.add(new PromptSetRules(ood.name() + COMPLEMENT_SUFFIX, Kind.OOD, ood.broken(), ood.checked()));
    }
    return out;
  }

  /** The ID set followed by every OOD set of the language, in spec order. */
  public static List<PromptSetRules> all(Language language) {
    List<PromptSetRules> out = new ArrayList<>();
    out.add(id(language));
    if (language.spec().prompts() != null && language.spec().prompts().ood() != null)
      for (LanguageSpec.OodSpec o : language.spec().prompts().ood()) out.add(ood(language, o));
    return out;
  }
}
