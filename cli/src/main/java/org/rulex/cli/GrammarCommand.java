package org.rulex.cli;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rulex.UserError;
import org.rulex.grammar.Diagnostic;
import org.rulex.grammar.GrammarCheck;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.grammar.Rule;
import org.rulex.grammar.Vocabulary;
import org.rulex.prompt.PromptSetCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands for grammar authors: check a language, count its words, test one word. */
@Command(
    name = "grammar",
    mixinStandardHelpOptions = true,
    description = {"Tools for writing languages: check a grammar, count members per length, test a word."},
    subcommands = {GrammarCommand.Check.class, GrammarCommand.Count.class, GrammarCommand.Test.class})
final class GrammarCommand implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // A command needs a subcommand: without one, the usage on stderr and a user error.
    spec.commandLine().usage(System.err);
    return Main.USER_ERROR;
  }

  static Path directoryOf(String nameOrDir) {
    Path p = Path.of(nameOrDir);
    if (Files.isDirectory(p) && Files.exists(p.resolve(Language.MANIFEST))) return p;
    Languages langs = Languages.standard();
    Path d = langs.root().resolve(nameOrDir);
    if (Files.isDirectory(d)) return d;
    if (Files.isDirectory(p)) return p;
    return langs.get(nameOrDir).dir();
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check a language directory: ANTLR tool errors and implicit tokens (file:line:col),",
        "actions and predicates (refused), unproductive rules, a language empty at every length,",
        "ambiguity at lengths up to " + GrammarCheck.SMALL_LENGTH + " (derivation paths vs distinct words),",
        "rules over different alphabets, a language whose words break its own rules, and",
        "(a warning) an OOD prompt set with no prompt at the prompt length.",
        "Exit 0 when there are no errors (warnings allowed), 2 otherwise."
      })
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "NAME-OR-DIR", description = "A language name, alias, or a directory with a language.json.")
    String target;

    @Override
    public Integer call() {
      Path dir = directoryOf(target);
      List<Diagnostic> found = new java.util.ArrayList<>(GrammarCheck.run(dir));
      // The prompt sets need a language that loads: only then is an empty OOD set worth a warning.
      if (found.stream().noneMatch(Diagnostic::isError)) found.addAll(PromptSetCheck.run(Language.load(dir)));
      // Diagnostics on stderr like every other command's messages; the summary is the output.
      for (Diagnostic d : found) System.err.println(d);
      long errors = found.stream().filter(Diagnostic::isError).count();
      long warnings = found.size() - errors;
      System.out.println(dir + ": " + errors + " error(s), " + warnings + " warning(s)");
      return errors > 0 ? Main.USER_ERROR : 0;
    }
  }

  @Command(
      name = "count",
      mixinStandardHelpOptions = true,
      description = {
        "Members per length, for each rule and for the language, as exact big integers.",
        "Always distinct words. Regular parts (no recursion) are counted by their minimal automaton;",
        "one context-free part (with any regular ones) by derivation paths of the Bar-Hillel product",
        "when rulex shows the rule unambiguous (a proof, see 'rulex grammar check'), otherwise word by",
        "word through its deterministic parse states; several context-free parts word by word through",
        "the product of their parsers. '?' where a word-by-word count would need more states than it",
        "may use; the lines starting with # say which method counted each column, and why a '?'."
      })
  static final class Count implements Callable<Integer> {
    @Mixin LanguageArgument language;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "12", description = "Count lengths 0..N (default ${DEFAULT-VALUE}).")
    int maxLength;

    @Override
    public Integer call() {
      if (maxLength < 0) throw new UserError("--max-length must be at least 0");
      if (maxLength > Language.MAX_WORD_LENGTH)
        throw new UserError("--max-length " + maxLength + " is beyond the " + Language.MAX_WORD_LENGTH + " symbols rulex handles");
      Language lang = language.load();
      List<Rule> columns = new java.util.ArrayList<>(lang.rules());
      columns.add(lang.language());
      Counted[] counts = new Counted[columns.size()];
      for (int i = 0; i < columns.size(); i++) counts[i] = countsOrUnknown(columns.get(i), maxLength);
      System.out.println("# " + lang.name() + ": members per length (" + columns.stream().map(r -> r.id() + " = " + r.description()).collect(Collectors.joining("; ")) + ")");
      for (int i = 0; i < columns.size(); i++) System.out.println("# " + columns.get(i).id() + " counted by " + counts[i].method());
      StringBuilder header = new StringBuilder(String.format("%6s", "length"));
      for (Rule r : columns) header.append(String.format(" %22s", r.id()));
      System.out.println(header);
      for (int n = 0; n <= maxLength; n++) {
        StringBuilder row = new StringBuilder(String.format("%6d", n));
        for (Counted c : counts) row.append(String.format(" %22s", c.counts()[n] == null ? "?" : c.counts()[n]));
        System.out.println(row);
      }
      for (int i = 0; i < columns.size(); i++)
        if (counts[i].why() != null) System.out.println("# ? in " + columns.get(i).id() + " from length " + counts[i].unknownFrom() + ": " + counts[i].why());
      return 0;
    }
  }

  /** Counts 0..max (null from the first length the engine cannot count exactly), the method, and why counting stopped. */
  record Counted(BigInteger[] counts, String method, int unknownFrom, String why) {}

  static Counted countsOrUnknown(Rule rule, int max) {
    BigInteger[] out = new BigInteger[max + 1];
    org.rulex.grammar.RuleEngine e = rule.engine();
    int n = 0;
    String why = null;
    try {
      for (; n <= max; n++) out[n] = e.count(n);
    } catch (org.rulex.grammar.StateLimitException ex) {
      why = ex.getMessage() + (e.undecided().isEmpty() ? "" : "; " + e.undecided());
    }
    return new Counted(out, e.method(), n, why);
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Test one word against each rule and the language: member or not, viable prefix or not",
        "(can it still be completed into a member), and the exact set of allowed next tokens",
        "(<eos> means the word may end here). Write the empty word as ''."
      })
  static final class Test implements Callable<Integer> {
    @Mixin LanguageArgument language;

    @Parameters(index = "1", paramLabel = "WORD", description = "The word, as text, e.g. aabb.")
    String word;

    @Override
    public Integer call() {
      Language lang = language.load();
      int[] ids = lang.encode(word);
      Vocabulary v = lang.vocabulary();
      List<Rule> rows = new java.util.ArrayList<>(lang.rules());
      rows.add(lang.language());
      System.out.printf("%s '%s' (length %d, viability within length %d)%n", lang.name(), word, ids.length, lang.maxWordLength());
      for (Rule r : rows) {
        boolean member = r.accepts(ids);
        boolean viable = r.isViablePrefix(ids, lang.maxWordLength());
        String next = Arrays.stream(r.nextIds(ids, lang.maxWordLength())).mapToObj(v::text).collect(Collectors.joining(" "));
        System.out.printf("%-3s %-10s %-12s next: {%s}   %s%n", r.id(), member ? "member" : "not-member", viable ? "viable" : "not-viable", next, r.description());
      }
      return 0;
    }
  }
}
