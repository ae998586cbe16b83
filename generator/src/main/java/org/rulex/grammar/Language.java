package org.rulex.grammar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.rulex.SafeName;
import org.rulex.Sha256;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;

/**
 * A language loaded at run time from grammars/&lt;name&gt;/: its alphabet, its rules, the
 * language itself as a conjunction of grammar rules, its length distribution and its prompt-set
 * specs. Adding a language is adding a directory: no code generation, no rebuild.
 */
public final class Language {
  public static final String MANIFEST = "language.json";

  /**
   * The longest word rulex accepts anywhere (training lengths, counts, generation): exact
   * counting and viability grow with the length, and a length of 100,000 would hang them.
   */
  public static final int MAX_WORD_LENGTH = 1024;

  private final Path dir;
  private final LanguageSpec spec;
  private final Vocabulary vocabulary;
  private final List<Rule> rules;
  private final Rule language;
  private final List<Diagnostic> warnings;
  private final String grammarHash;
  private final Map<String, GrammarRule> grammarRules;

  private Language(Path dir, LanguageSpec spec, Vocabulary vocabulary, List<Rule> rules, Rule language,
      Map<String, GrammarRule> grammarRules, List<Diagnostic> warnings, String grammarHash) {
    this.dir = dir;
    this.spec = spec;
    this.vocabulary = vocabulary;
    this.rules = List.copyOf(rules);
    this.language = language;
    this.grammarRules = grammarRules;
    this.warnings = List.copyOf(warnings);
    this.grammarHash = grammarHash;
  }

  /**
   * Loads the language in a directory.
   *
   * @throws GrammarException with every error found, each at file:line:col
   */
  public static Language load(Path dir) {
    Path manifest = dir.resolve(MANIFEST);
    String json;
    try {
      json = Files.readString(manifest, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fail(manifest.toString(), 0, 0, "no " + MANIFEST + " here: a language directory holds a " + MANIFEST + " and its .g4 files (see grammars/README.md)");
    } catch (java.nio.charset.CharacterCodingException e) {
      throw fail(manifest.toString(), 0, 0, "not a UTF-8 text file");
    } catch (IOException e) {
      throw fail(manifest.toString(), 0, 0, "cannot read: " + e.getMessage());
    }
    LanguageSpec spec;
    try {
      spec = StrictJson.parse(json, manifest.toString(), LanguageSpec.class);
    } catch (JsonError e) {
      throw fail(manifest.toString(), e.location().line(), e.location().column() - 1, e.reason());
    }
    List<Diagnostic> problems = validate(manifest.toString(), spec, json);
    problems.addAll(outsideTheDirectory(dir, manifest.toString(), spec, json));
    if (problems.stream().anyMatch(Diagnostic::isError)) throw new GrammarException(problems);

    GrammarCompiler.Result compiled = new GrammarCompiler(dir).compile(spec.lexer(), spec.grammars());
    List<Diagnostic> diagnostics = new ArrayList<>(compiled.diagnostics());
    if (compiled.hasErrors()) throw new GrammarException(diagnostics);

    Map<String, GrammarRule> byName = new LinkedHashMap<>();
    for (var g : compiled.grammars().values())
      for (String r : g.ruleNames)
        if (!r.startsWith(CompiledGrammar.ACCEPT_PREFIX)) {
          if (byName.containsKey(r)) {
            diagnostics.add(Diagnostic.error(g.fileName, 0, 0, "parser rule " + r + " is defined in both " + byName.get(r).fileName() + " and " + g.fileName + ": rule names must be unique within a language"));
            continue;
          }
          byName.put(r, new GrammarRule(r, g, compiled.typeToId(), compiled.maxTokenType()));
        }
    List<Rule> rules = new ArrayList<>();
    for (var rs : spec.rules()) rules.add(new Rule(rs.id(), rs.description(), parts(manifest.toString(), json, rs.parserRules(), byName, diagnostics), compiled.vocabulary()));
    List<String> langParts = spec.language() != null ? spec.language() : spec.rules().stream().flatMap(r -> r.parserRules().stream()).distinct().toList();
    Rule lang = new Rule("L", "the language " + spec.name(), parts(manifest.toString(), json, langParts, byName, diagnostics), compiled.vocabulary());
    // A parser rule named by a rule and by the default language would be reported twice.
    diagnostics = new ArrayList<>(new java.util.LinkedHashSet<>(diagnostics));
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) throw new GrammarException(diagnostics);
    return new Language(dir, spec, compiled.vocabulary(), rules, lang, byName,
        diagnostics.stream().filter(d -> !d.isError()).toList(), hash(dir, spec));
  }

  private static List<GrammarRule> parts(String manifest, String json, List<String> names, Map<String, GrammarRule> byName, List<Diagnostic> diagnostics) {
    List<GrammarRule> out = new ArrayList<>();
    for (String n : names) {
      GrammarRule g = byName.get(n);
      if (g == null) {
        int[] at = locate(json, "\"" + n + "\"");
        diagnostics.add(Diagnostic.error(manifest, at[0], at[1], "parser rule '" + n + "' is not defined in any of the grammars " + byName.values().stream().map(GrammarRule::fileName).distinct().toList()));
      } else {
        out.add(g);
      }
    }
    return out;
  }

  private static List<Diagnostic> validate(String file, LanguageSpec s, String json) {
    List<Diagnostic> d = new ArrayList<>();
    // The parsed tree gives each problem a place: the value at fault, or the object a key is missing from.
    JsonNode.Obj root = StrictJson.parse(json, file).asObject("a language.json");
    int[] top = place(root);
    if (blank(s.name())) d.add(Diagnostic.error(file, valueOr(root, "name")[0], valueOr(root, "name")[1], "\"name\" is missing"));
    if (blank(s.lexer())) d.add(Diagnostic.error(file, valueOr(root, "lexer")[0], valueOr(root, "lexer")[1], "\"lexer\" is missing: name the lexer grammar file that defines the alphabet"));
    if (s.grammars() == null || s.grammars().isEmpty()) d.add(Diagnostic.error(file, valueOr(root, "grammars")[0], valueOr(root, "grammars")[1], "\"grammars\" is missing: list the parser grammar files"));
    if (s.rules() == null || s.rules().isEmpty()) {
      d.add(Diagnostic.error(file, valueOr(root, "rules")[0], valueOr(root, "rules")[1], "\"rules\" is missing: a language is the conjunction of at least one rule"));
      return d;
    }
    List<JsonNode> ruleNodes = elements(root, "rules");
    TreeSet<String> ids = new TreeSet<>();
    for (int i = 0; i < s.rules().size(); i++) {
      var r = s.rules().get(i);
      int[] ruleAt = i < ruleNodes.size() ? place(ruleNodes.get(i)) : top;
      if (blank(r.id())) d.add(Diagnostic.error(file, ruleAt[0], ruleAt[1], "a rule has no \"id\""));
      else if (!ids.add(r.id())) { int[] at = locate(json, "\"" + r.id() + "\""); d.add(Diagnostic.error(file, at[0], at[1], "rule id " + r.id() + " is used twice")); }
      else if (!SafeName.isValid(r.id())) { d.add(Diagnostic.error(file, ruleAt[0], ruleAt[1], "rule id \"" + printable(r.id()) + "\" must be a name (" + SafeName.RULE + "): it names metrics, report columns and result rows")); }
      if (r.parserRules() == null || r.parserRules().isEmpty()) d.add(Diagnostic.error(file, ruleAt[0], ruleAt[1], "rule " + r.id() + " has no \"parserRules\""));
    }
    int longest = -1;
    if (s.lengths() != null) {
      var l = s.lengths();
      int[] lengthsAt = locate(json, "\"lengths\"");
      if ("uniform".equals(l.kind())) {
        if (l.min() == null || l.max() == null || l.min() < 0 || l.max() < l.min()) d.add(Diagnostic.error(file, lengthsAt[0], lengthsAt[1], "\"lengths\": uniform needs 0 <= min <= max"));
        else longest = l.max();
      } else if ("table".equals(l.kind())) {
        if (l.weights() == null || l.weights().isEmpty()) d.add(Diagnostic.error(file, lengthsAt[0], lengthsAt[1], "\"lengths\": table needs \"weights\" {\"length\": weight}"));
        else {
          for (var w : l.weights().entrySet()) {
            int[] at = locate(json, "\"" + w.getKey() + "\"");
            if (!w.getKey().matches("\\d{1,9}")) d.add(Diagnostic.error(file, at[0], at[1], "\"lengths\" table: \"" + w.getKey() + "\" is not a length (a whole number >= 0)"));
            else longest = Math.max(longest, Integer.parseInt(w.getKey()));
            if (!(w.getValue() >= 0) || Double.isInfinite(w.getValue())) d.add(Diagnostic.error(file, at[0], at[1], "\"lengths\" table: the weight of length " + w.getKey() + " must be a number >= 0"));
          }
          if (l.weights().values().stream().noneMatch(w -> w > 0)) d.add(Diagnostic.error(file, lengthsAt[0], lengthsAt[1], "\"lengths\" table: every weight is 0"));
        }
      } else {
        d.add(Diagnostic.error(file, lengthsAt[0], lengthsAt[1], "\"lengths\".kind must be \"uniform\" or \"table\", not " + l.kind()));
      }
    } else {
      d.add(Diagnostic.error(file, valueOr(root, "lengths")[0], valueOr(root, "lengths")[1], "\"lengths\" is missing: give the training length distribution"));
    }
    if (longest > MAX_WORD_LENGTH) {
      int[] at = locate(json, "\"lengths\"");
      d.add(Diagnostic.error(file, at[0], at[1], "\"lengths\" go up to " + longest + "; rulex handles words of at most " + MAX_WORD_LENGTH
          + " symbols (exact counting and viability grow with the length)"));
    }
    if (s.prompts() != null && s.prompts().length() != null) {
      int m = s.prompts().length();
      int[] at = locate(json, "\"prompts\"");
      if (m < 1) d.add(Diagnostic.error(file, at[0], at[1], "\"prompts\".length must be at least 1, not " + m));
      else if (longest >= 0 && m > longest) d.add(Diagnostic.error(file, at[0], at[1], "\"prompts\".length " + m + " exceeds the longest training word (" + longest + ")"));
    }
    if (s.prompts() != null && s.prompts().ood() != null) {
      TreeSet<String> names = new TreeSet<>();
      JsonNode prompts = root.members().containsKey("prompts") ? root.members().get("prompts").value() : null;
      List<JsonNode> setNodes = prompts instanceof JsonNode.Obj po ? elements(po, "ood") : List.of();
      for (int i = 0; i < s.prompts().ood().size(); i++) {
        var o = s.prompts().ood().get(i);
        int[] setAt = i < setNodes.size() ? place(setNodes.get(i)) : top;
        if (blank(o.name())) d.add(Diagnostic.error(file, setAt[0], setAt[1], "a prompt set has no \"name\""));
        else if (!names.add(o.name())) d.add(Diagnostic.error(file, setAt[0], setAt[1], "prompt set name " + o.name() + " is used twice"));
        else if (!SafeName.isValid(o.name())) d.add(Diagnostic.error(file, setAt[0], setAt[1], "prompt set name \"" + printable(o.name()) + "\" must be a name (" + SafeName.RULE + "): it names metrics, report columns and result rows"));
        if (o.checks() == null || o.checks().isEmpty()) d.add(Diagnostic.error(file, setAt[0], setAt[1], "prompt set " + o.name() + " checks no rule: name the rules its completions are scored on"));
        else if (o.checks().contains(o.breaks())) d.add(Diagnostic.error(file, setAt[0], setAt[1], "prompt set " + o.name() + " breaks and checks the same rule " + o.breaks() + ": its prompts already break it, so no completion can satisfy it"));
        if (blank(o.breaks())) d.add(Diagnostic.error(file, setAt[0], setAt[1], "prompt set " + o.name() + " has no \"breaks\": name the rule its prompts break"));
        else if (!ids.contains(o.breaks())) { int[] at = locate(json, "\"" + o.breaks() + "\""); d.add(Diagnostic.error(file, at[0], at[1], "prompt set " + o.name() + " breaks unknown rule " + o.breaks())); }
        if (o.checks() != null) for (String c : o.checks()) if (c == null || !ids.contains(c)) d.add(Diagnostic.error(file, setAt[0], setAt[1], "prompt set " + o.name() + " checks unknown rule " + c));
      }
    }
    return d;
  }

  /**
   * Grammar files named by the manifest must stay inside the language directory: a language is
   * a directory that can be copied, shared and hashed whole, and a "../" or absolute path would
   * read (and hash) a file of someone else's.
   */
  private static List<Diagnostic> outsideTheDirectory(Path dir, String file, LanguageSpec s, String json) {
    List<Diagnostic> d = new ArrayList<>();
    List<String> named = new ArrayList<>();
    if (s.lexer() != null) named.add(s.lexer());
    if (s.grammars() != null) named.addAll(s.grammars());
    Path root = dir.toAbsolutePath().normalize();
    for (String n : named) {
      if (n == null) continue;
      Path p;
      try {
        p = root.resolve(n).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        p = null;
      }
      boolean inside = p != null && !Path.of(n).isAbsolute() && p.startsWith(root) && !p.equals(root);
      if (inside && Files.exists(p)) {
        try {
          inside = p.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
          inside = false;
        }
      }
      if (!inside) {
        int[] at = locate(json, "\"" + n + "\"");
        d.add(Diagnostic.error(file, at[0], at[1], "grammar file \"" + n + "\" is outside the language directory: name a file in " + dir));
      }
    }
    return d;
  }

  /** Line and column (0-based) of the first occurrence of a text in the JSON, for messages. */
  /** A value's place as {line, column from 0}, the form diagnostics take. */
  private static int[] place(JsonNode n) {
    return n.at().hasPosition() ? new int[] {n.at().line(), n.at().column() - 1} : new int[] {0, 0};
  }

  /** The place of a member's value, or of the object when the member is missing. */
  private static int[] valueOr(JsonNode.Obj o, String key) {
    JsonNode.Member m = o.members().get(key);
    return place(m == null ? o : m.value());
  }

  /** The elements of an array member; none when it is missing or not an array. */
  private static List<JsonNode> elements(JsonNode.Obj o, String key) {
    JsonNode.Member m = o.members().get(key);
    return m != null && m.value() instanceof JsonNode.Arr a ? a.elements() : List.of();
  }

  /** A name as it can be shown in a one-line message: control characters as \\uXXXX. */
  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    return sb.toString();
  }

  /**
   * Where a text first occurs in a language.json, as {line, column from 0}; {0, 0} when it does
   * not: the positions rulex's language checks point at.
   */
  public static int[] locate(String json, String text) {
    int i = json.indexOf(text);
    if (i < 0) return new int[] {0, 0};
    int line = 1;
    int col = 0;
    for (int k = 0; k < i; k++) {
      if (json.charAt(k) == '\n') {
        line++;
        col = 0;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static GrammarException fail(String file, int line, int col, String msg) {
    return new GrammarException(List.of(Diagnostic.error(file, line, col, msg)));
  }

  /** SHA-256 over language.json and every grammar file, in a fixed order. */
  private static String hash(Path dir, LanguageSpec spec) {
    try {
      MessageDigest md = Sha256.digest();
      List<String> files = new ArrayList<>();
      files.add(MANIFEST);
      files.add(spec.lexer());
      files.addAll(spec.grammars());
      for (String f : files) {
        md.update(f.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Files.readAllBytes(dir.resolve(f)));
        md.update((byte) 0);
      }
      return Sha256.hex(md);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  public LanguageSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public List<String> aliases() {
    return spec.aliases() == null ? List.of() : spec.aliases();
  }

  public String title() {
    return spec.title() == null ? spec.name() : spec.title();
  }

  public String chomskyClass() {
    return spec.chomskyClass() == null ? "?" : spec.chomskyClass();
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public List<Rule> rules() {
    return rules;
  }

  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The language itself: the conjunction that defines membership. */
  public Rule language() {
    return language;
  }

  /** Every parser rule of the language's grammars, by name. */
  public Map<String, GrammarRule> grammarRules() {
    return grammarRules;
  }

  /** Warnings the ANTLR tool gave; errors make loading fail. */
  public List<Diagnostic> warnings() {
    return warnings;
  }

  /** Content hash of language.json and the grammar files. */
  public String grammarHash() {
    return grammarHash;
  }

  /** The longest training word: the bound for exact questions about conjunctions. */
  public int maxWordLength() {
    var l = spec.lengths();
    if ("uniform".equals(l.kind())) return l.max();
    return l.weights().keySet().stream().mapToInt(Integer::parseInt).max().orElse(0);
  }

  /** Whether the word (alphabet ids) is a member of the language. */
  public boolean accepts(int[] word) {
    return language.accepts(word);
  }

  /** The word written as text, checked against the alphabet. */
  public int[] encode(String text) {
    try {
      return vocabulary.encode(text);
    } catch (IllegalArgumentException e) {
      throw new org.rulex.UserError(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return name();
  }

}
