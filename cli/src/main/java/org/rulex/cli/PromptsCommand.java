package org.rulex.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.rulex.UserError;
import org.rulex.grammar.Language;
import org.rulex.prompt.Prompt;
import org.rulex.prompt.PromptClassifier;
import org.rulex.prompt.PromptSets;
import org.rulex.prompt.PromptSetsJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints a language's prompt sets, every prompt classified exactly per rule. */
@Command(
    name = "prompts",
    mixinStandardHelpOptions = true,
    description = {
      "Classify every word of the prompt length (or, when there are more than 200,000, distinct",
      "words sampled with --seed) exactly, per rule: ID = a prefix of a member of the language",
      "(shown with a witness member); one OOD set per language.json entry = not a viable prefix",
      "of the rule it breaks, viable for each rule it checks; and, kept apart, prompts that break",
      "no rule yet cannot be completed into a member. Prints counts, then the sets."
    })
final class PromptsCommand implements Callable<Integer> {
  @Mixin LanguageArgument language;

  @Option(names = "--length", paramLabel = "N", description = "Prompt length (default: the language's prompts.length).")
  Integer length;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for sampling candidates when there are too many to enumerate (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--sampled", defaultValue = "20000", description = "Distinct candidates to sample when not enumerating (default ${DEFAULT-VALUE}).")
  int sampled;

  @Option(names = "--json", description = "Print the prompt sets as JSON (schema " + PromptSets.SCHEMA + ").")
  boolean json;

  @Override
  public Integer call() {
    if (sampled < 1) throw new UserError("--sampled " + sampled + ": sample at least 1 candidate (the prompt sets would be empty)");
    Language lang = language.load();
    PromptSets p = PromptClassifier.build(lang, length, seed, sampled);
    if (json) {
      System.out.print(PromptSetsJson.write(p));
      return 0;
    }
    System.out.println("# " + lang.name() + ": prompts of length " + p.length() + "; " + p.candidates() + " candidates, "
        + (p.enumerated() ? "every word of that length" : "sampled without replacement with seed " + p.seed())
        + "; viability within length " + p.maxWordLength());
    System.out.printf("%-28s %6d%n", "id", p.id().size());
    for (var s : p.ood()) System.out.printf("%-28s %6d   breaks %s, checks %s%n", s.name(), s.prompts().size(), s.breaks(), String.join(",", s.checks()));
    System.out.printf("%-28s %6d   viable for every rule, not completable into a member%n", "breaks-no-rule-not-completable", p.breaksNoRuleNotCompletable().size());
    System.out.printf("%-28s %6d   not viable for two or more rules%n", "breaks-several-rules", p.breaksSeveralRules());
    if (p.breaksOneRuleOutsideSets() > 0) System.out.printf("%-28s %6d   break one rule, in no OOD set%n", "breaks-one-rule-outside-sets", p.breaksOneRuleOutsideSets());
    print("id (prompt -> witness)", p.id());
    for (var s : p.ood()) print(s.name(), s.prompts());
    print("breaks-no-rule-not-completable", p.breaksNoRuleNotCompletable());
    return 0;
  }

  private static void print(String title, List<Prompt> ps) {
    System.out.println();
    System.out.println("## " + title + " (" + ps.size() + ")");
    for (Prompt p : ps) System.out.println(p.witness() == null ? p.text() : p.text() + " -> " + p.witness());
  }
}
