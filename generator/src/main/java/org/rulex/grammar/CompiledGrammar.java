package org.rulex.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.ParserInterpreter;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.PredictionContextCache;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * One parser grammar file, compiled at run time, with an augmented start rule
 * {@code rulex_accept_x : x EOF ;} per parser rule so that each rule can test whole words.
 * The ATN, DFA cache and prediction-context cache are shared by all threads; each thread gets
 * its own reused ParserInterpreter (building one per call is several times slower).
 */
final class CompiledGrammar {
  static final String ACCEPT_PREFIX = "rulex_accept_";

  final String fileName;
  final ATN atn;
  final List<String> ruleNames;
  /** Where each user rule is defined: {line, column}, for messages. */
  final Map<String, int[]> rulePositions;
  private final org.antlr.v4.runtime.Vocabulary antlrVocabulary;
  private final DFA[] sharedDfa;
  private final PredictionContextCache sharedCache = new PredictionContextCache();
  private final ThreadLocal<ParserInterpreter> interpreters;

  CompiledGrammar(String fileName, ATN atn, List<String> ruleNames, Map<String, int[]> rulePositions, org.antlr.v4.runtime.Vocabulary vocabulary) {
    this.fileName = fileName;
    this.rulePositions = Map.copyOf(rulePositions);
    this.atn = atn;
    this.ruleNames = List.copyOf(ruleNames);
    this.antlrVocabulary = vocabulary;
    this.sharedDfa = new DFA[atn.getNumberOfDecisions()];
    for (int i = 0; i < sharedDfa.length; i++) sharedDfa[i] = new DFA(atn.getDecisionState(i), i);
    this.interpreters = ThreadLocal.withInitial(this::newInterpreter);
  }

  String tokenName(int type) {
    return antlrVocabulary.getDisplayName(type);
  }

  int ruleIndex(String name) {
    return ruleNames.indexOf(name);
  }

  int acceptRuleIndex(String name) {
    return ruleNames.indexOf(ACCEPT_PREFIX + name);
  }

  private ParserInterpreter newInterpreter() {
    ParserInterpreter p = new ParserInterpreter(fileName, antlrVocabulary, ruleNames, atn, new CommonTokenStream(new TypesTokenSource(new int[0])));
    p.setInterpreter(new ParserATNSimulator(p, atn, sharedDfa, sharedCache));
    p.removeErrorListeners();
    p.setErrorHandler(new BailErrorStrategy());
    p.setBuildParseTree(false);
    return p;
  }

  /**
   * Whether the ANTLR token types form a whole word of the rule with the given augmented start
   * rule. SLL prediction first; on failure full LL, which is exact for the grammars ANTLR accepts.
   */
  boolean parses(int acceptRule, int[] types) {
    ParserInterpreter p = interpreters.get();
    p.getInterpreter().setPredictionMode(PredictionMode.SLL);
    if (tryParse(p, acceptRule, types)) return true;
    p.getInterpreter().setPredictionMode(PredictionMode.LL);
    return tryParse(p, acceptRule, types);
  }

  private static boolean tryParse(ParserInterpreter p, int rule, int[] types) {
    p.setInputStream(new CommonTokenStream(new TypesTokenSource(types)));
    try {
      p.parse(rule);
      return true;
    } catch (ParseCancellationException e) {
      return false;
    }
  }

  /** Tokens straight from an array of types: the words are already tokenised. */
  private static final class TypesTokenSource implements TokenSource {
    private final int[] types;
    private int pos;

    TypesTokenSource(int[] types) {
      this.types = types;
    }

    @Override
    public Token nextToken() {
      CommonToken t = new CommonToken(pos < types.length ? types[pos] : Token.EOF);
      t.setTokenIndex(pos);
      t.setLine(1);
      t.setCharPositionInLine(pos);
      pos++;
      return t;
    }

    @Override
    public int getLine() {
      return 1;
    }

    @Override
    public int getCharPositionInLine() {
      return pos;
    }

    @Override
    public CharStream getInputStream() {
      return null;
    }

    @Override
    public String getSourceName() {
      return "word";
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {}

    @Override
    public TokenFactory<?> getTokenFactory() {
      return null;
    }
  }
}
