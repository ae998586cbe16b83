package org.rulex.score;

import java.util.ArrayList;
import java.util.List;
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

  /** The ID set followed by every OOD set of the language, in spec order. */
  public static List<PromptSetRules> all(Language language) {
    List<PromptSetRules> out = new ArrayList<>();
    out.add(id(language));
    if (language.spec().prompts() != null && language.spec().prompts().ood() != null)
      for (LanguageSpec.OodSpec o : language.spec().prompts().ood()) out.add(ood(language, o));
    return out;
  }
}
