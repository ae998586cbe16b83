package org.rulex.grammar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.antlr.runtime.tree.Tree;
import org.antlr.v4.parse.ANTLRParser;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNDeserializer;
import org.antlr.v4.runtime.atn.ATNSerializer;
import org.antlr.v4.runtime.misc.Pair;
import org.antlr.v4.tool.ANTLRMessage;
import org.antlr.v4.tool.ANTLRToolListener;
import org.antlr.v4.tool.ErrorType;
import org.antlr.v4.tool.Grammar;
import org.antlr.v4.tool.LeftRecursiveRule;
import org.antlr.v4.tool.LexerGrammar;
import org.antlr.v4.tool.ast.GrammarAST;

/**
 * Compiles a language's lexer grammar and parser grammars with the ANTLR tool at run time (no
 * code generation) and collects every problem as a {@link Diagnostic} at file:line:col.
 */
final class GrammarCompiler {
  /** The alphabet and the compiled parser grammars of one language directory. */
  record Result(Vocabulary vocabulary, int[] typeToId, int maxTokenType, Map<String, CompiledGrammar> grammars, List<Diagnostic> diagnostics) {
    boolean hasErrors() {
      return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
  }

  private final Path dir;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  GrammarCompiler(Path dir) {
    this.dir = dir;
  }

  Result compile(String lexerFile, List<String> grammarFiles) {
    LexerGrammar lexer = compileLexer(lexerFile);
    if (lexer == null) return new Result(null, null, 0, Map.of(), diagnostics);
    List<String> symbols = new ArrayList<>();
    int maxType = 0;
    List<Pair<GrammarAST, GrammarAST>> aliases = Grammar.getStringLiteralAliasesFromLexerRules(lexer.ast);
    Map<String, String> literalOf = new LinkedHashMap<>();
    if (aliases != null) for (var p : aliases) literalOf.put(p.a.getText(), p.b.getText());
    Map<Integer, Integer> typeToIdMap = new LinkedHashMap<>();
    Map<String, org.antlr.v4.tool.Rule> tokenOf = new LinkedHashMap<>();
    for (var rule : lexer.rules.values()) {
      if (rule.isFragment()) continue;
      // A lexer command (-> skip, -> channel(...)) would drop or divert a symbol the alphabet counts.
      List<GrammarAST> commands = new ArrayList<>(rule.ast.getNodesWithType(ANTLRParser.LEXER_ALT_ACTION));
      if (!commands.isEmpty()) {
        GrammarAST c = commands.get(0);
        diagnostics.add(Diagnostic.error(lexerFile, c.getLine(), c.getCharPositionInLine(), "token " + rule.name
            + " has a lexer command (->): not allowed, every token is a symbol of the alphabet, and a word is its symbols with nothing skipped"));
        continue;
      }
      String literal = literalOf.get(rule.name);
      if (literal == null) {
        diagnostics.add(Diagnostic.error(lexerFile, rule.ast.getLine(), rule.ast.getCharPositionInLine(),
            "token " + rule.name + " must be exactly one string literal, such as " + rule.name + " : 'a' ; (every alphabet symbol has one fixed text)"));
        continue;
      }
      org.antlr.v4.tool.Rule twin = tokenOf.putIfAbsent(unquote(literal), rule);
      if (twin != null) {
        diagnostics.add(Diagnostic.error(lexerFile, rule.ast.getLine(), rule.ast.getCharPositionInLine(), "token " + rule.name + " repeats the literal "
            + literal + " of token " + twin.name + " (line " + twin.ast.getLine() + "): each symbol of the alphabet needs exactly one token"));
        continue;
      }
      int type = lexer.getTokenType(rule.name);
      // The lexer processed by the tool forgets literal aliases; parser grammars need them to resolve 'a'.
      lexer.stringLiteralToTypeMap.put(literal, type);
      typeToIdMap.put(type, Vocabulary.FIRST_SYMBOL + symbols.size());
      symbols.add(unquote(literal));
      maxType = Math.max(maxType, type);
    }
    // A symbol spelled by other symbols ('ab' beside 'a' and 'b') makes a text read two ways: the
    // datasets write words symbol by symbol, while a text typed by hand would be tokenised greedily.
    for (var e : tokenOf.entrySet()) {
      String spelled = spelledBy(e.getKey(), tokenOf.keySet());
      if (spelled != null)
        diagnostics.add(Diagnostic.error(lexerFile, e.getValue().ast.getLine(), e.getValue().ast.getCharPositionInLine(), "token " + e.getValue().name
            + "'s text '" + e.getKey() + "' is also the symbols " + spelled + ": a text would read two ways; give every symbol a text that no other symbols spell"));
    }
    if (symbols.isEmpty() && diagnostics.stream().noneMatch(Diagnostic::isError))
      diagnostics.add(Diagnostic.error(lexerFile, 0, 0, "the lexer grammar defines no tokens: the alphabet is empty"));
    Map<String, CompiledGrammar> grammars = new LinkedHashMap<>();
    for (String file : grammarFiles) {
      CompiledGrammar g = compileParser(file, lexer);
      if (g != null) grammars.put(file, g);
    }
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) return new Result(null, null, 0, grammars, diagnostics);
    int[] typeToId = new int[maxType + 1];
    typeToIdMap.forEach((t, id) -> typeToId[t] = id);
    return new Result(new Vocabulary(symbols), typeToId, maxType, grammars, diagnostics);
  }

  private String read(String file) {
    Path p = dir.resolve(file);
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      diagnostics.add(Diagnostic.error(p.toString(), 0, 0, "file not found (named in language.json)"));
    } catch (java.nio.charset.CharacterCodingException e) {
      diagnostics.add(Diagnostic.error(p.toString(), 0, 0, "not a UTF-8 text file (a grammar is ANTLR text)"));
    } catch (IOException e) {
      diagnostics.add(Diagnostic.error(p.toString(), 0, 0, "cannot read: " + e.getMessage()));
    }
    return null;
  }

  private LexerGrammar compileLexer(String file) {
    String text = read(file);
    if (text == null) return null;
    Listener listener = new Listener(file);
    try {
      LexerGrammar lg = new LexerGrammar(file, text, listener);
      if (listener.errors == 0) {
        lg.tool.addListener(listener);
        lg.tool.process(lg, false);
      }
      refuseCode(file, lg);
      return listener.errors == 0 ? lg : null;
    } catch (org.antlr.runtime.RecognitionException | RuntimeException e) {
      if (listener.errors == 0) diagnostics.add(Diagnostic.error(file, 0, 0, "ANTLR cannot read this lexer grammar: " + e));
      return null;
    }
  }

  private CompiledGrammar compileParser(String file, LexerGrammar lexer) {
    String text = read(file);
    if (text == null) return null;
    Listener listener = new Listener(file);
    Grammar g = parse(file, text, lexer, listener);
    if (g == null || listener.errors > 0) return null;
    refuseCode(file, g);
    if (g.isLexer() || g.isCombined()) {
      diagnostics.add(Diagnostic.error(file, 1, 0, "must be a parser grammar (write 'parser grammar X;'): tokens come from the language's lexer grammar"));
      return null;
    }
    List<String> userRules = new ArrayList<>(g.rules.keySet());
    Map<String, int[]> positions = new LinkedHashMap<>();
    for (var r : g.rules.values()) {
      GrammarAST written = writtenAst(r);
      positions.put(r.name, new int[] {written.getLine(), written.getCharPositionInLine()});
    }
    StringBuilder augmented = new StringBuilder(text).append('\n');
    for (String r : userRules) {
      if (r.startsWith(CompiledGrammar.ACCEPT_PREFIX)) {
        var rule = g.getRule(r);
        diagnostics.add(Diagnostic.error(file, rule.ast.getLine(), rule.ast.getCharPositionInLine(), "rule names starting with " + CompiledGrammar.ACCEPT_PREFIX + " are reserved by rulex"));
        return null;
      }
      augmented.append(CompiledGrammar.ACCEPT_PREFIX).append(r).append(" : ").append(r).append(" EOF ;\n");
    }
    Listener quiet = new Listener(file);
    Grammar full = parse(file, augmented.toString(), lexer, quiet);
    if (full == null || quiet.errors > 0) return null;
    // The tool's ATN lacks what deserialisation adds (precedence decisions, checks): round-trip it once.
    ATN atn = new ATNDeserializer().deserialize(ATNSerializer.getSerialized(full.getATN()).toArray());
    return new CompiledGrammar(file, atn, List.of(full.getRuleNames()), positions, full.getVocabulary());
  }

  private Grammar parse(String file, String text, LexerGrammar lexer, Listener listener) {
    try {
      return new ParserGrammar(file, text, lexer, listener);
    } catch (org.antlr.runtime.RecognitionException | RuntimeException e) {
      if (listener.errors == 0) diagnostics.add(Diagnostic.error(file, 0, 0, "ANTLR cannot read this grammar: " + e));
      return null;
    }
  }

  /**
   * Interpreted grammars never run actions and read every predicate as true: refuse both, as the
   * author wrote them. ANTLR rewrites a directly left-recursive rule (e : e 'a' | 'b') into a loop
   * guarded by an empty action and precedence predicates, parsed from generated text; those are
   * the tool's, which the engines honour, and their positions are not the author's. Such a rule is
   * checked in the form it was written.
   */
  private void refuseCode(String file, Grammar g) {
    if (g.ast == null) return;
    List<GrammarAST> written = new ArrayList<>();
    for (int type : new int[] {ANTLRParser.ACTION, ANTLRParser.SEMPRED}) {
      for (GrammarAST node : g.ast.getNodesWithType(type)) if (!inRewrittenRule(g, node)) written.add(node);
      for (var r : g.rules.values())
        if (r instanceof LeftRecursiveRule lr && lr.getOriginalAST() != null) written.addAll(lr.getOriginalAST().getNodesWithType(type));
    }
    written.sort(java.util.Comparator.comparingInt(GrammarAST::getLine).thenComparingInt(GrammarAST::getCharPositionInLine));
    for (GrammarAST node : written) {
      String what = node.getType() == ANTLRParser.ACTION ? "action" : "semantic predicate";
      diagnostics.add(Diagnostic.error(file, node.getLine(), node.getCharPositionInLine(),
          what + " " + node.getText() + " is not allowed: rulex interprets grammars without running code, so a language must be defined by its rules alone"));
    }
  }

  /** Whether a node lies in a rule that ANTLR rewrote from direct left recursion. */
  private static boolean inRewrittenRule(Grammar g, GrammarAST node) {
    Tree rule = node.getAncestor(ANTLRParser.RULE);
    return rule != null && rule.getChildCount() > 0 && g.getRule(rule.getChild(0).getText()) instanceof LeftRecursiveRule;
  }

  /** A rule's syntax tree as its author wrote it (a left-recursive rule's before ANTLR's rewrite). */
  private static GrammarAST writtenAst(org.antlr.v4.tool.Rule r) {
    return r instanceof LeftRecursiveRule lr && lr.getOriginalAST() != null ? lr.getOriginalAST() : r.ast;
  }

  /** How other symbols spell text (two or more of them, e.g. "a b"), or null when they cannot. */
  static String spelledBy(String text, java.util.Collection<String> symbols) {
    // by[i]: a spelling of text[0, i) by other symbols, as a list; simple dynamic programming over prefixes.
    List<List<String>> by = new ArrayList<>();
    by.add(List.of());
    for (int i = 1; i <= text.length(); i++) {
      List<String> found = null;
      for (String sym : symbols) {
        if (sym.equals(text) || sym.isEmpty() || sym.length() > i) continue;
        List<String> before = by.get(i - sym.length());
        if (before != null && text.startsWith(sym, i - sym.length())) {
          found = new ArrayList<>(before);
          found.add(sym);
          break;
        }
      }
      by.add(found);
    }
    List<String> all = by.get(text.length());
    return all == null || all.size() < 2 ? null : String.join(" ", all);
  }

  private static String unquote(String literal) {
    String body = literal.substring(1, literal.length() - 1);
    return body.replace("\\'", "'").replace("\\\\", "\\");
  }

  /** A parser grammar whose tokens come from the given lexer, never from a .tokens file. */
  private static final class ParserGrammar extends Grammar {
    ParserGrammar(String file, String text, Grammar vocab, ANTLRToolListener listener) throws org.antlr.runtime.RecognitionException {
      super(file, text, vocab, listener);
    }

    @Override
    public void importTokensFromTokensFile() {
      // tokenVocab is allowed (so the files also work with the ANTLR tool) but the language's lexer is used.
    }
  }

  private final class Listener implements ANTLRToolListener {
    private final String file;
    int errors;

    Listener(String file) {
      this.file = file;
    }

    @Override
    public void info(String msg) {}

    @Override
    public void error(ANTLRMessage m) {
      errors++;
      int line = m.line;
      int col = Math.max(0, m.charPosition);
      if (line <= 0 && m.getErrorType() == ErrorType.LEFT_RECURSION_CYCLES) {
        // ANTLR gives this error no position: point at the earliest rule of the cycles.
        int[] at = earliestRule(m.getArgs());
        line = at[0];
        col = at[1];
      }
      diagnostics.add(Diagnostic.error(m.fileName != null ? m.fileName : file, line, col, render(m)));
    }

    private int[] earliestRule(Object[] args) {
      int[] best = {0, 0};
      if (args == null || args.length == 0 || !(args[0] instanceof java.util.Collection<?> cycles)) return best;
      for (Object cycle : cycles) {
        if (!(cycle instanceof java.util.Collection<?> rules)) continue;
        for (Object r : rules) {
          if (r instanceof org.antlr.v4.tool.Rule rule && rule.ast != null && (best[0] == 0 || rule.ast.getLine() < best[0])) {
            best[0] = rule.ast.getLine();
            best[1] = rule.ast.getCharPositionInLine();
          }
        }
      }
      return best;
    }

    @Override
    public void warning(ANTLRMessage m) {
      // An implicit token silently widens the alphabet of one grammar only: an error here.
      if (m.getErrorType() == ErrorType.IMPLICIT_TOKEN_DEFINITION) {
        error(m);
        return;
      }
      diagnostics.add(Diagnostic.warning(m.fileName != null ? m.fileName : file, m.line, Math.max(0, m.charPosition), render(m)));
    }

    private String render(ANTLRMessage m) {
      String s = m.getMessageTemplate(false).render();
      if (m.getErrorType() == ErrorType.IMPLICIT_TOKEN_DEFINITION || m.getErrorType() == ErrorType.IMPLICIT_STRING_DEFINITION)
        s += " (every token must be defined in the language's lexer grammar)";
      return s + " [ANTLR " + m.getErrorType().code + "]";
    }
  }
}
