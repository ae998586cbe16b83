package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Fuzzing the engine: random languages over {a, b, c, d}, each a conjunction of one to three
 * random rules, every rule either a random regular expression or a random bracket grammar with
 * one or two kinds (a..b, c..d) and some free letters. Each rule is written twice from the same
 * random description: as ANTLR text (what rulex reads) and as a plain Java predicate (a
 * java.util.regex pattern, a bracket stack), so the two can disagree. Then every word up to
 * {@link #WORDS} letters is enumerated and the engines that {@link Rule#engine()} picks for the
 * shape (automaton; Earley chart with the Bar-Hillel product; product of parsers) are checked
 * against the enumeration: membership, counts per length, and for every prefix up to
 * {@link #PREFIXES} letters and every budget, viability, the next-token set and the witness
 * (the shortest completion, smallest ids first). A user's own grammar gets these guarantees
 * because grammars like it are tried here.
 */
class RandomGrammarsTest {
  static final String LETTERS = "abcd";
  /** All words up to this length are enumerated (4^7 = 16384 at the top). */
  static final int WORDS = 7;
  /** Prefixes up to this length are asked about, with every budget up to WORDS. */
  static final int PREFIXES = 5;

  /** One random rule: its ANTLR body (with the rule's own name for recursion) and its oracle. */
  record RandomRule(String kind, String antlrBody, Predicate<String> oracle, String shown) {}

  @Property(tries = 25, shrinking = ShrinkingMode.OFF)
  void randomConjunctionsAgreeWithBruteForce(@ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    int rules = 1 + random.nextInt(3);
    List<RandomRule> parts = new ArrayList<>();
    for (int i = 0; i < rules; i++) parts.add(random.nextInt(2) == 0 ? regular(random, "r" + i) : brackets(random, "r" + i));
    Language lang = write(parts);
    checkAgainstBruteForce(lang, parts, seed, boundedEngine(lang.language()));
  }

  /** Deterministic cases that always run: each engine shape at least once. */
  @Property(tries = 1)
  void everyEngineShapeIsExercised() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    List<RandomRule> cfAndRegular = List.of(brackets(random, "r0", 2, true), regularFrom("r1", new Star(new Alt(new Letter('a'), new Letter('c')), true)));
    List<RandomRule> twoCf = List.of(brackets(random, "r0", 1, true), brackets(random, "r1", 1, true));
    for (List<RandomRule> parts : List.of(cfAndRegular, twoCf)) {
      Language lang = write(parts);
      checkAgainstBruteForce(lang, parts, 0, boundedEngine(lang.language()));
    }
    // The labelled fallback: a product allowed 3 states overflows at once; the bounded search
    // (charts per part, pruned by shortest completions) must still answer exactly here.
    Language lang = write(twoCf);
    Rule.Shape s = lang.language().shape();
    ProductEngine fallback = new ProductEngine(lang.language().parts(), s.contextFree(), s.regular(), lang.vocabulary(), 3, ProductEngine.DEFAULT_SEARCH_BUDGET);
    checkAgainstBruteForce(lang, twoCf, 0, fallback);
    org.junit.jupiter.api.Assertions.assertTrue(fallback.method().contains("bounded search") && fallback.exact() && !fallback.undecided().isEmpty(), fallback.method() + "; " + fallback.undecided());
  }

  private void checkAgainstBruteForce(Language lang, List<RandomRule> parts, long seed, RuleEngine engine) {
    String what = "seed " + seed + ": " + parts.stream().map(RandomRule::shown).toList();
    Rule rule = lang.language();
    Predicate<String> member = w -> parts.stream().allMatch(p -> p.oracle().test(w));
    // Every word up to WORDS, the members, and per prefix the shortest completion within WORDS.
    List<String> words = new ArrayList<>();
    words.add("");
    for (int i = 0; i < words.size(); i++) if (words.get(i).length() < WORDS) for (char c : LETTERS.toCharArray()) words.add(words.get(i) + c);
    Map<String, Integer> shortest = new HashMap<>();
    Map<String, String> witness = new HashMap<>();
    BigInteger[] counts = new BigInteger[WORDS + 1];
    Arrays.fill(counts, BigInteger.ZERO);
    for (String w : words) {
      boolean m = member.test(w);
      int[] ids = lang.vocabulary().encode(w);
      assertEquals(m, engine.accepts(ids), what + " " + engine.method() + ": compiled membership of '" + w + "'");
      if (w.length() <= 4) assertEquals(m, rule.accepts(ids), what + ": ANTLR membership of '" + w + "'");
      if (!m) continue;
      counts[w.length()] = counts[w.length()].add(BigInteger.ONE);
      for (int p = 0; p <= Math.min(w.length(), PREFIXES); p++) {
        String prefix = w.substring(0, p);
        int need = w.length() - p;
        Integer known = shortest.get(prefix);
        // Words are visited shortest first, then in id order: the first hit is the witness.
        if (known == null || need < known) {
          shortest.put(prefix, need);
          witness.put(prefix, w);
        }
      }
    }
    // A product past its state limit neither counts nor samples exactly (it says so): skip those.
    boolean exactProduct = !(engine instanceof ProductEngine p && p.method().contains("bounded"));
    for (int n = 0; n <= WORDS && exactProduct; n++) assertEquals(counts[n], engine.count(n), what + " " + engine.method() + ": count at length " + n);
    for (String prefix : words) {
      if (prefix.length() > PREFIXES) break;
      int[] ids = lang.vocabulary().encode(prefix);
      for (int budget = 0; budget <= WORDS - prefix.length(); budget++) {
        Integer need = shortest.get(prefix);
        boolean viable = need != null && need <= budget;
        String at = what + " " + engine.method() + ": '" + prefix + "' within " + budget;
        assertEquals(viable, engine.viable(ids, budget), at + ": viable");
        TreeSet<Integer> next = new TreeSet<>();
        if (member.test(prefix)) next.add(Vocabulary.EOS);
        for (char c : LETTERS.toCharArray()) {
          Integer n2 = shortest.get(prefix + c);
          if (prefix.length() < PREFIXES && n2 != null && n2 <= budget - 1) next.add(lang.vocabulary().id(String.valueOf(c)));
        }
        if (prefix.length() < PREFIXES)
          assertArrayEquals(next.stream().mapToInt(Integer::intValue).toArray(), engine.nextIds(ids, budget), at + ": next tokens");
        int[] wit = engine.witness(ids, budget);
        assertEquals(viable ? witness.get(prefix) : null, wit == null ? null : lang.vocabulary().decode(wit), at + ": witness");
      }
    }
    // Uniform sampling draws members of the right length (uniformity itself: UniformityTest).
    SplittableRandom r = new SplittableRandom(seed);
    for (int n = 0; n <= WORDS && exactProduct; n++)
      if (counts[n].signum() > 0) {
        String w = lang.vocabulary().decode(engine.sample(n, r));
        assertEquals(true, member.test(w) && w.length() == n, what + ": sampled '" + w + "' at length " + n);
      }
  }

  /** The engine Rule.engine() picks for the shape, with every answer bounded by the budget (as the oracle is). */
  static RuleEngine boundedEngine(Rule rule) {
    Rule.Shape s = rule.shape();
    if (s.contextFree().isEmpty()) return new RegularEngine(s.regular(), false);
    if (s.contextFree().size() == 1) return new ContextFreeEngine(s.contextFree().get(0), s.regular(), !s.regularParts().isEmpty(), false);
    return new ProductEngine(rule.parts(), s.contextFree(), s.regular(), rule.vocabulary(), ProductEngine.DEFAULT_STATE_LIMIT, ProductEngine.DEFAULT_SEARCH_BUDGET);
  }

  // ---------------------------------------------------------------- random regular expressions

  sealed interface Regex permits Letter, Cat, Alt, Star {
    String antlr();

    String java();

    boolean nullable();
  }

  record Letter(char c) implements Regex {
    public String antlr() {
      return "'" + c + "'";
    }

    public String java() {
      return String.valueOf(c);
    }

    public boolean nullable() {
      return false;
    }
  }

  record Cat(Regex a, Regex b) implements Regex {
    public String antlr() {
      return "( " + a.antlr() + " " + b.antlr() + " )";
    }

    public String java() {
      return "(?:" + a.java() + b.java() + ")";
    }

    public boolean nullable() {
      return a.nullable() && b.nullable();
    }
  }

  record Alt(Regex a, Regex b) implements Regex {
    public String antlr() {
      return "( " + a.antlr() + " | " + b.antlr() + " )";
    }

    public String java() {
      return "(?:" + a.java() + "|" + b.java() + ")";
    }

    public boolean nullable() {
      return a.nullable() || b.nullable();
    }
  }

  /** Kleene star (or plus): ANTLR rejects a closure over something that matches the empty word, so the body never does. */
  record Star(Regex a, boolean zeroOrMore) implements Regex {
    public String antlr() {
      return "( " + a.antlr() + " )" + (zeroOrMore ? "*" : "+");
    }

    public String java() {
      return "(?:" + a.java() + ")" + (zeroOrMore ? "*" : "+");
    }

    public boolean nullable() {
      return zeroOrMore;
    }
  }

  static Regex regex(SplittableRandom r, int depth) {
    if (depth == 0 || r.nextInt(4) == 0) return new Letter(LETTERS.charAt(r.nextInt(LETTERS.length())));
    return switch (r.nextInt(3)) {
      case 0 -> new Cat(regex(r, depth - 1), regex(r, depth - 1));
      case 1 -> new Alt(regex(r, depth - 1), regex(r, depth - 1));
      default -> {
        Regex body = regex(r, depth - 1);
        yield body.nullable() ? body : new Star(body, r.nextBoolean());
      }
    };
  }

  static RandomRule regular(SplittableRandom r, String name) {
    return regularFrom(name, regex(r, 4));
  }

  static RandomRule regularFrom(String name, Regex e) {
    Pattern p = Pattern.compile(e.java());
    return new RandomRule("regular", e.antlr(), w -> p.matcher(w).matches(), name + " = /" + e.java() + "/");
  }

  // ---------------------------------------------------------------- random bracket grammars

  static RandomRule brackets(SplittableRandom r, String name) {
    return brackets(r, name, 1 + r.nextInt(2), r.nextBoolean());
  }

  /** k kinds of brackets (a..b, then c..d) properly nested, some of the other letters free, possibly non-empty. */
  static RandomRule brackets(SplittableRandom r, String name, int kinds, boolean starred) {
    String opens = "ac".substring(0, kinds);
    String closes = "bd".substring(0, kinds);
    StringBuilder free = new StringBuilder();
    for (char c : LETTERS.toCharArray()) if (opens.indexOf(c) < 0 && closes.indexOf(c) < 0 && r.nextBoolean()) free.append(c);
    List<String> alts = new ArrayList<>();
    for (char f : free.toString().toCharArray()) alts.add("'" + f + "'");
    for (int k = 0; k < kinds; k++) alts.add("'" + opens.charAt(k) + "' " + name + " '" + closes.charAt(k) + "'");
    String body = "( " + String.join(" | ", alts) + " )" + (starred ? "*" : "+");
    String freeLetters = free.toString();
    Predicate<String> oracle = w -> {
      if (!starred && w.isEmpty()) return false;
      ArrayList<Integer> stack = new ArrayList<>();
      for (char c : w.toCharArray()) {
        if (freeLetters.indexOf(c) >= 0) continue;
        int o = opens.indexOf(c);
        int k = closes.indexOf(c);
        if (o >= 0) stack.add(o);
        else if (k >= 0 && !stack.isEmpty() && stack.remove(stack.size() - 1) == k) continue;
        else return false;
      }
      return stack.isEmpty();
    };
    // The top level must be non-empty for "+", nested levels may be empty: a helper rule for the inside.
    String antlr = starred ? body : body.replace(" " + name + " ", " " + name + "In ");
    String helper = starred ? "" : name + "In : ( " + String.join(" | ", alts).replace(" " + name + " ", " " + name + "In ") + " )* ;\n";
    return new RandomRule("brackets", antlr + " ;\n" + helper + "//", oracle, name + " = " + kinds + " kind(s), free '" + freeLetters + "'" + (starred ? "" : ", non-empty"));
  }

  // ---------------------------------------------------------------- writing the language

  static Language write(List<RandomRule> parts) throws IOException {
    Path dir = Files.createTempDirectory("rulex-random-grammar");
    try {
      Files.writeString(dir.resolve("Alphabet.g4"), "lexer grammar Alphabet;\nA : 'a' ;\nB : 'b' ;\nC : 'c' ;\nD : 'd' ;\n");
      StringBuilder g = new StringBuilder("parser grammar Random;\noptions { tokenVocab = Alphabet; }\n");
      StringBuilder rules = new StringBuilder();
      for (int i = 0; i < parts.size(); i++) {
        g.append("r").append(i).append(" : ").append(parts.get(i).antlrBody()).append(parts.get(i).kind().equals("regular") ? " ;" : "").append('\n');
        rules.append(i == 0 ? "" : ",").append("{\"id\": \"R").append(i + 1).append("\", \"description\": \"random\", \"parserRules\": [\"r").append(i).append("\"]}");
      }
      Files.writeString(dir.resolve("Random.g4"), g.toString());
      Files.writeString(dir.resolve(Language.MANIFEST), "{\"name\": \"random\", \"lexer\": \"Alphabet.g4\", \"grammars\": [\"Random.g4\"], \"rules\": [" + rules
          + "], \"lengths\": {\"kind\": \"uniform\", \"min\": 0, \"max\": " + WORDS + "}}");
      return Language.load(dir);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) Files.delete(f);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Files.delete(dir);
    }
  }
}
