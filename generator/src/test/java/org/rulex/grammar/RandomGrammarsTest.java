package org.rulex.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import net.jqwik.api.Tag;

/**
 * Fuzzing the engine: random languages, each a conjunction of random rules, every rule either a
 * random regular expression or a random bracket grammar with k kinds and some free letters. Each
 * rule is written twice from the same random description: as ANTLR text (what rulex reads) and
 * as plain Java (a java.util.regex pattern, a bracket stack), so the two can disagree. Brute
 * force then finds every member up to {@link Space#maxLength} letters, and the engine that
 * {@link Rule#engine()} picks for the shape (automaton; Earley chart with the Bar-Hillel
 * product; product of parsers) is checked against it: membership, counts per length, and for
 * every prefix up to {@link Space#prefixLength} letters and every budget, viability, the
 * next-token set and the witness (the shortest completion, smallest ids first); samples are
 * members. A user's own grammar gets these guarantees because grammars like it are tried here,
 * ambiguous ones included (a bracket rule with an alternative that derives some words twice:
 * counts must be words, not derivations).
 *
 * <p>Brute force walks the words depth first and drops a prefix only when some bracket rule's
 * stack (the plain-Java oracle, never the engine) shows it cannot be completed within the
 * length left: no member is skipped, and the engine must call every dropped prefix non-viable.
 * Over four letters with no bracket rule that is every word (4^8 = 65,536 at the top); over
 * six letters with three bracket kinds, the words whose brackets still fit.
 */
@Tag("slow") // jqwik's own tag (JUnit's is not seen by jqwik): tens of seconds of random grammars: the slow tier, run by `mvn verify`
class RandomGrammarsTest {
  /** The letters of a random language, the longest words enumerated, the longest prefixes asked about. */
  record Space(String letters, int maxLength, int prefixLength) {}

  static final Space FOUR_LETTERS = new Space("abcd", 8, 5);
  static final Space SIX_LETTERS = new Space("abcdef", 10, 4);

  /**
   * One random rule: its ANTLR body (with the rule's own name for recursion), its oracle, and
   * a sound bound for brute force: completable(prefix, budget) is false only when no member of
   * the rule extends the prefix by at most budget letters.
   */
  record RandomRule(String kind, String antlrBody, Predicate<String> oracle, Completable completable, String shown) {}

  interface Completable {
    boolean test(String prefix, int budget);
  }

  @Property(tries = 20, shrinking = ShrinkingMode.OFF)
  void randomConjunctionsOverFourLettersAgreeWithBruteForce(@ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Space space = FOUR_LETTERS;
    int rules = 1 + random.nextInt(3);
    List<RandomRule> parts = new ArrayList<>();
    for (int i = 0; i < rules; i++)
      parts.add(random.nextInt(2) == 0 ? regular(random, "r" + i, space) : brackets(random, "r" + i, space, pairing(random, "abcd", 1 + random.nextInt(2), false), random.nextBoolean()));
    checkUnambiguousAgainstBruteForce(parts, space, seed);
  }

  /** Three bracket kinds over six letters, alone or with random regular rules or a second, differently paired bracket rule. */
  @Property(tries = 12, shrinking = ShrinkingMode.OFF)
  void threeBracketKindsAndTheirConjunctionsAgreeWithBruteForce(@ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Space space = SIX_LETTERS;
    List<RandomRule> parts = new ArrayList<>();
    parts.add(brackets(random, "r0", space, pairing(random, space.letters(), 3, random.nextBoolean()), random.nextBoolean()));
    int more = random.nextInt(3);
    boolean secondBrackets = more > 0 && random.nextInt(3) == 0;
    for (int i = 1; i <= more; i++)
      parts.add(i == 1 && secondBrackets
          ? brackets(random, "r" + i, space, pairing(random, space.letters(), 1 + random.nextInt(3), true), random.nextBoolean())
          : regular(random, "r" + i, space));
    checkUnambiguousAgainstBruteForce(parts, space, seed);
  }

  /** The language of {@code parts}: its bracket rules proved unambiguous, and every answer of the engine equal to brute force. */
  private void checkUnambiguousAgainstBruteForce(List<RandomRule> parts, Space space, long seed) throws IOException {
    Language lang = write(parts, space);
    assertBracketRulesShownUnambiguous(lang, parts, space, seed);
    checkAgainstBruteForce(lang, parts, space, seed, boundedEngine(lang.language()));
  }

  /**
   * Ambiguous bracket rules: the same language as a random bracket rule, written with one more
   * alternative that derives some words a second way (a pair with nothing inside, or a pair
   * followed by the rule again), alone or with random regular rules. Counts must still be the
   * distinct words brute force finds, and the proof of unambiguity must not hold.
   */
  @Property(tries = 12, shrinking = ShrinkingMode.OFF)
  void ambiguousBracketRulesAreCountedByWords(@ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Space space = FOUR_LETTERS;
    List<RandomRule> parts = new ArrayList<>();
    parts.add(ambiguousBrackets(random, "r0", space, pairing(random, "abcd", 1 + random.nextInt(2), random.nextBoolean()), random.nextBoolean()));
    int more = random.nextInt(2);
    for (int i = 1; i <= more; i++) parts.add(regular(random, "r" + i, space));
    Language lang = write(parts, space);
    GrammarRule r0 = lang.grammarRules().get("r0");
    assertFalse(r0.unambiguity().proven(), "seed " + seed + ": " + parts.get(0).shown() + " was shown unambiguous: " + r0.unambiguity().reason());
    RuleEngine engine = boundedEngine(lang.language());
    assertTrue(engine.method().contains("word by word"), engine.method());
    checkAgainstBruteForce(lang, parts, space, seed, engine);
  }

  /** Each way of making a bracket rule ambiguous at least once, alone and with a regular rule. */
  @Property(tries = 1)
  void everyKindOfAmbiguityIsCountedByWords() throws IOException {
    Space space = FOUR_LETTERS;
    for (int variant = 0; variant < 3; variant++)
      for (boolean starred : new boolean[] {true, false}) {
        SplittableRandom random = new SplittableRandom(variant);
        List<RandomRule> parts = new ArrayList<>(List.of(ambiguousBrackets(random, "r0", space, "acbd", starred, variant)));
        if (!starred) parts.add(regularFrom("r1", new Star(new Alt(new Letter('a'), new Letter('b')), true), space));
        Language lang = write(parts, space);
        GrammarRule r0 = lang.grammarRules().get("r0");
        assertFalse(r0.unambiguity().proven(), parts.get(0).shown() + " was shown unambiguous: " + r0.unambiguity().reason());
        checkAgainstBruteForce(lang, parts, space, variant, boundedEngine(lang.language()));
      }
  }

  /** Deterministic cases that always run: each engine shape at least once, over both alphabets. */
  @Property(tries = 1)
  void everyEngineShapeIsExercised() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    Space four = FOUR_LETTERS;
    List<RandomRule> cfAndRegular = List.of(brackets(random, "r0", four, "acbd", true), regularFrom("r1", new Star(new Alt(new Letter('a'), new Letter('c')), true), four));
    List<RandomRule> twoCf = List.of(brackets(random, "r0", four, "ab", true), brackets(random, "r1", four, "cd", true));
    // The third letter from the end is an a: eight states, some told apart only by three more letters (minimisation must not stop early).
    Regex any = new Alt(new Alt(new Letter('a'), new Letter('b')), new Alt(new Letter('c'), new Letter('d')));
    List<RandomRule> thirdFromEnd = List.of(regularFrom("r0", new Cat(new Cat(new Star(any, true), new Letter('a')), new Cat(any, any)), four));
    // Runs of a whose length is a multiple of five: a cycle of five states, two of them (one and two
    // letters past a multiple) told apart only in the third round of refinement, so a minimiser
    // stopping after two rounds merges them.
    Regex a = new Letter('a');
    List<RandomRule> fifths = List.of(regularFrom("r0", new Star(new Cat(new Cat(new Cat(a, a), new Cat(a, a)), a), true), four));
    // A rule called before its caller has read a token (r0Pair first in r0), beside a second
    // bracket rule: the product steps through parse states whose rules return to rules entered
    // in the same set.
    Stack pairs = new Stack("a", "b", "cd");
    RandomRule calledFirst = new RandomRule("brackets", "r0Pair r0 | 'c' r0 | 'd' r0 | ;\nr0Pair : 'a' r0 'b' ;\n//", w -> pairs.open(w) == 0,
        (w, budget) -> pairs.open(w) >= 0 && pairs.open(w) <= budget, "r0 = a b balanced through r0Pair called first, free 'cd'");
    Stack others = new Stack("c", "d", "ab");
    RandomRule cdBalanced = new RandomRule("brackets", "( 'a' | 'b' | 'c' r1 'd' )* ;\n//", w -> others.open(w) == 0,
        (w, budget) -> others.open(w) >= 0 && others.open(w) <= budget, "r1 = c d balanced, free 'ab'");
    List<RandomRule> calledFirstAndBrackets = List.of(calledFirst, cdBalanced);
    for (List<RandomRule> parts : List.of(cfAndRegular, twoCf, thirdFromEnd, fifths, calledFirstAndBrackets)) {
      Language lang = write(parts, four);
      checkAgainstBruteForce(lang, parts, four, 0, boundedEngine(lang.language()));
    }
    Space six = SIX_LETTERS;
    Regex evenLength = new Star(new Cat(new Alt(new Letter('a'), new Letter('c')), new Alt(new Letter('b'), new Letter('f'))), true);
    List<RandomRule> threeKindsAndRegular = List.of(brackets(random, "r0", six, "acebdf", true), regularFrom("r1", new Alt(evenLength, new Star(new Letter('e'), false)), six));
    List<RandomRule> threeKindsAndTwo = List.of(brackets(random, "r0", six, "acebdf", false), brackets(random, "r1", six, "dbac", true));
    for (List<RandomRule> parts : List.of(threeKindsAndRegular, threeKindsAndTwo)) {
      Language lang = write(parts, six);
      checkAgainstBruteForce(lang, parts, six, 0, boundedEngine(lang.language()));
    }
    // The labelled fallback: a product allowed 3 states overflows at once; the bounded search
    // (charts per part, pruned by shortest completions) must still answer exactly here.
    Language lang = write(twoCf, four);
    Rule.Shape s = lang.language().shape();
    ProductEngine fallback = new ProductEngine(lang.language().parts(), s.contextFree(), s.regular(), lang.vocabulary(), 3, ProductEngine.DEFAULT_SEARCH_BUDGET);
    checkAgainstBruteForce(lang, twoCf, four, 0, fallback);
    assertTrue(fallback.method().contains("bounded search") && fallback.exact() && !fallback.undecided().isEmpty(), fallback.method() + "; " + fallback.undecided());
  }

  /**
   * Conjunctions of two or three random counting rules ("#x = #y", "#x = 2#y" on random letters,
   * the others free), each written at random the textbook way (ambiguous) or by first returns
   * (unambiguous), with or without a random regular rule: the product of their parse states
   * must count, sample and answer viability exactly.
   */
  @Property(tries = 6, shrinking = ShrinkingMode.OFF)
  void conjunctionsOfCountingRulesAgreeWithBruteForce(@ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Space space = new Space("abcd", 8, 3);
    List<RandomRule> parts = new ArrayList<>();
    int counting = 2 + random.nextInt(2);
    for (int i = 0; i < counting; i++) parts.add(counting(random, "r" + i, space));
    if (random.nextBoolean()) parts.add(regular(random, "r" + counting, space));
    Language lang = write(parts, space);
    checkAgainstBruteForce(lang, parts, space, seed, boundedEngine(lang.language()));
  }

  /** What brute force found: the words it visited (every member among them) and the first prefixes it dropped. */
  record Enumeration(List<String> visited, List<String> dropped) {}

  /** Every word up to the space's length that no rule's stack rules out, depth first in id order. */
  static Enumeration enumerate(List<RandomRule> parts, Space space) {
    Enumeration e = new Enumeration(new ArrayList<>(), new ArrayList<>());
    visit("", parts, space, e);
    return e;
  }

  private static void visit(String word, List<RandomRule> parts, Space space, Enumeration e) {
    int left = space.maxLength() - word.length();
    if (!parts.stream().allMatch(p -> p.completable().test(word, left))) {
      e.dropped().add(word);
      return;
    }
    e.visited().add(word);
    if (left > 0) for (char c : space.letters().toCharArray()) visit(word + c, parts, space, e);
  }

  static void checkAgainstBruteForce(Language lang, List<RandomRule> parts, Space space, long seed, RuleEngine engine) {
    checkAgainstBruteForce(lang, parts, space, seed, engine, lang.language());
  }

  /** The same for one rule of the language, whose parts the random rules describe. */
  static void checkAgainstBruteForce(Language lang, List<RandomRule> parts, Space space, long seed, RuleEngine engine, Rule rule) {
    String what = "seed " + seed + ": " + parts.stream().map(RandomRule::shown).toList();
    Predicate<String> member = w -> parts.stream().allMatch(p -> p.oracle().test(w));
    Enumeration all = enumerate(parts, space);
    // Per prefix up to prefixLength, the shortest member extending it and that member (ties: smallest ids).
    Map<String, Integer> shortest = new HashMap<>();
    Map<String, String> witness = new HashMap<>();
    BigInteger[] counts = new BigInteger[space.maxLength() + 1];
    Arrays.fill(counts, BigInteger.ZERO);
    for (String w : all.visited()) {
      boolean m = member.test(w);
      int[] ids = lang.vocabulary().encode(w);
      assertEquals(m, engine.accepts(ids), what + " " + engine.method() + ": compiled membership of '" + w + "'");
      if (w.length() <= 4) assertEquals(m, rule.accepts(ids), what + ": ANTLR membership of '" + w + "'");
      if (!m) continue;
      counts[w.length()] = counts[w.length()].add(BigInteger.ONE);
      for (int p = 0; p <= Math.min(w.length(), space.prefixLength()); p++) {
        String prefix = w.substring(0, p);
        int need = w.length() - p;
        Integer known = shortest.get(prefix);
        // Equal needs mean equal lengths, and letters are in id order: string order is id order.
        if (known == null || need < known || need == known && w.compareTo(witness.get(prefix)) < 0) {
          shortest.put(prefix, need);
          witness.put(prefix, w);
        }
      }
    }
    for (String w : all.dropped()) {
      int[] ids = lang.vocabulary().encode(w);
      String at = what + " " + engine.method() + ": '" + w + "', which no bracket stack can close in " + (space.maxLength() - w.length());
      assertFalse(engine.accepts(ids), at + ": accepted");
      assertFalse(engine.viable(ids, space.maxLength() - w.length()), at + ": viable");
    }
    // A product past its state limit neither counts nor samples exactly (it says so): skip those.
    boolean exactProduct = !(engine instanceof ProductEngine p && p.method().contains("bounded"));
    for (int n = 0; n <= space.maxLength() && exactProduct; n++) assertEquals(counts[n], engine.count(n), what + " " + engine.method() + ": count at length " + n);
    List<String> prefixes = new ArrayList<>(List.of(""));
    for (int i = 0; i < prefixes.size(); i++) if (prefixes.get(i).length() < space.prefixLength()) for (char c : space.letters().toCharArray()) prefixes.add(prefixes.get(i) + c);
    for (String prefix : prefixes) {
      int[] ids = lang.vocabulary().encode(prefix);
      boolean askNext = prefix.length() < space.prefixLength();
      for (int budget = 0; budget <= space.maxLength() - prefix.length(); budget++) {
        Integer need = shortest.get(prefix);
        boolean viable = need != null && need <= budget;
        String at = what + " " + engine.method() + ": '" + prefix + "' within " + budget;
        assertEquals(viable, engine.viable(ids, budget), at + ": viable");
        if (askNext) {
          TreeSet<Integer> next = new TreeSet<>();
          if (member.test(prefix)) next.add(Vocabulary.EOS);
          for (char c : space.letters().toCharArray()) {
            Integer n2 = shortest.get(prefix + c);
            if (n2 != null && n2 <= budget - 1) next.add(lang.vocabulary().id(String.valueOf(c)));
          }
          assertArrayEquals(next.stream().mapToInt(Integer::intValue).toArray(), engine.nextIds(ids, budget), at + ": next tokens");
        }
        int[] wit = engine.witness(ids, budget);
        assertEquals(viable ? witness.get(prefix) : null, wit == null ? null : lang.vocabulary().decode(wit), at + ": witness");
      }
    }
    // Uniform sampling draws members of the right length (uniformity itself: UniformityTest).
    SplittableRandom r = new SplittableRandom(seed);
    for (int n = 0; n <= space.maxLength() && exactProduct; n++)
      if (counts[n].signum() > 0) {
        String w = lang.vocabulary().decode(engine.sample(n, r));
        assertTrue(member.test(w) && w.length() == n, what + ": sampled '" + w + "' at length " + n);
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

  static Regex regex(SplittableRandom r, int depth, String letters) {
    if (depth == 0 || r.nextInt(4) == 0) return new Letter(letters.charAt(r.nextInt(letters.length())));
    return switch (r.nextInt(3)) {
      case 0 -> new Cat(regex(r, depth - 1, letters), regex(r, depth - 1, letters));
      case 1 -> new Alt(regex(r, depth - 1, letters), regex(r, depth - 1, letters));
      default -> {
        Regex body = regex(r, depth - 1, letters);
        yield body.nullable() ? body : new Star(body, r.nextBoolean());
      }
    };
  }

  static RandomRule regular(SplittableRandom r, String name, Space space) {
    return regularFrom(name, regex(r, 4, space.letters()), space);
  }

  /** A regular rule never drops a prefix in brute force: its words are all visited (space permitting). */
  static RandomRule regularFrom(String name, Regex e, Space space) {
    Pattern p = Pattern.compile(e.java());
    return new RandomRule("regular", e.antlr(), w -> p.matcher(w).matches(), (w, budget) -> true, name + " = /" + e.java() + "/");
  }

  // ---------------------------------------------------------------- random bracket grammars

  /** k bracket kinds on random letters, as one string: the opening letters, then their closing ones. */
  static String pairing(SplittableRandom r, String letters, int kinds, boolean shuffle) {
    char[] l = letters.toCharArray();
    if (shuffle)
      for (int i = l.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        char t = l[i];
        l[i] = l[j];
        l[j] = t;
      }
    StringBuilder opens = new StringBuilder();
    StringBuilder closes = new StringBuilder();
    // Unshuffled: the pairs are (a, b), (c, d), (e, f), as people write them.
    for (int k = 0; k < kinds; k++) {
      opens.append(l[2 * k]);
      closes.append(l[2 * k + 1]);
    }
    return opens.toString() + closes;
  }

  /**
   * Bracket kinds (opens then closes, as {@link #pairing} gives them) properly nested, some of
   * the other letters free, possibly required non-empty ("+" instead of "*").
   */
  static RandomRule brackets(SplittableRandom r, String name, Space space, String pairs, boolean starred) {
    int kinds = pairs.length() / 2;
    String opens = pairs.substring(0, kinds);
    String closes = pairs.substring(kinds);
    StringBuilder free = new StringBuilder();
    for (char c : space.letters().toCharArray()) if (pairs.indexOf(c) < 0 && r.nextBoolean()) free.append(c);
    List<String> alts = new ArrayList<>();
    for (char f : free.toString().toCharArray()) alts.add("'" + f + "'");
    for (int k = 0; k < kinds; k++) alts.add("'" + opens.charAt(k) + "' " + name + " '" + closes.charAt(k) + "'");
    String body = "( " + String.join(" | ", alts) + " )" + (starred ? "*" : "+");
    String freeLetters = free.toString();
    Stack stack = new Stack(opens, closes, freeLetters);
    Predicate<String> oracle = w -> (starred || !w.isEmpty()) && stack.open(w) == 0;
    // Every open bracket needs its own closing letter: a stack deeper than the budget cannot close.
    Completable completable = (w, budget) -> {
      int depth = stack.open(w);
      return depth >= 0 && depth <= budget;
    };
    // The top level must be non-empty for "+", nested levels may be empty: a helper rule for the inside.
    String antlr = starred ? body : body.replace(" " + name + " ", " " + name + "In ");
    String helper = starred ? "" : name + "In : ( " + String.join(" | ", alts).replace(" " + name + " ", " " + name + "In ") + " )* ;\n";
    String shown = name + " = " + kinds + " kind(s) " + pairs + ", free '" + freeLetters + "'" + (starred ? "" : ", non-empty");
    return new RandomRule("brackets", antlr + " ;\n" + helper + "//", oracle, completable, shown);
  }

  /**
   * The bracket rules {@link #brackets} writes are unambiguous: the proof must hold for them (or
   * they would be counted word by word, slowly), and where it holds, derivation paths must be
   * distinct words at every length brute force reaches (the proof must be sound).
   */
  private static void assertBracketRulesShownUnambiguous(Language lang, List<RandomRule> parts, Space space, long seed) {
    for (int i = 0; i < parts.size(); i++) {
      if (!parts.get(i).kind().equals("brackets")) continue;
      GrammarRule g = lang.grammarRules().get("r" + i);
      assertTrue(g.unambiguity().proven(), "seed " + seed + ": " + parts.get(i).shown() + ": " + g.unambiguity().reason());
      UnambiguityTest.assertPathsAreWords(lang, g, space.maxLength());
    }
  }

  /** A bracket rule as {@link #brackets} writes it, with one more alternative that makes some words derivable two ways. */
  static RandomRule ambiguousBrackets(SplittableRandom r, String name, Space space, String pairs, boolean starred) {
    return ambiguousBrackets(r, name, space, pairs, starred, r.nextInt(3));
  }

  static RandomRule ambiguousBrackets(SplittableRandom r, String name, Space space, String pairs, boolean starred, int variant) {
    RandomRule plain = brackets(r, name, space, pairs, starred);
    int kinds = pairs.length() / 2;
    int k = r.nextInt(kinds);
    String open = "'" + pairs.charAt(k) + "'";
    String close = "'" + pairs.charAt(kinds + k) + "'";
    String inner = starred ? name : name + "In";
    String body = plain.antlrBody();
    int loop = body.indexOf(" )" + (starred ? "*" : "+"));
    String pair = open + " " + inner + " " + close;
    String twice = pair + " " + inner;
    return switch (variant) {
      // "( )" with nothing inside is also "( inner )" with an empty inner.
      case 0 -> new RandomRule(plain.kind(), body.substring(0, loop) + " | " + open + " " + close + body.substring(loop), plain.oracle(), plain.completable(),
          plain.shown() + ", ambiguous with " + open + " " + close + " added");
      // "( inner ) inner" is also two turns of the loop: the alternatives overlap.
      case 1 -> new RandomRule(plain.kind(), body.substring(0, loop) + " | " + twice + body.substring(loop), plain.oracle(), plain.completable(),
          plain.shown() + ", ambiguous with " + twice + " added");
      // Only "( inner ) inner": no two alternatives overlap, but the inner loop may stop or go on
      // before the same token (its follow set shows it), so words still split two ways.
      default -> new RandomRule(plain.kind(), body.substring(0, loop).replaceFirst(java.util.regex.Pattern.quote(pair), java.util.regex.Matcher.quoteReplacement(twice)) + body.substring(loop),
          plain.oracle(), plain.completable(), plain.shown() + ", ambiguous with " + pair + " written " + twice);
    };
  }

  /**
   * A counting rule on two random letters x and y, the others free: #x = #y or #x = 2#y,
   * ambiguous or not at random.
   */
  static RandomRule counting(SplittableRandom r, String name, Space space) {
    char[] l = space.letters().toCharArray();
    int xi = r.nextInt(l.length);
    int other = r.nextInt(l.length - 1);
    char x = l[xi];
    char y = l[other < xi ? other : other + 1];
    int times = 1 + r.nextInt(2);
    boolean ambiguous = r.nextBoolean();
    List<String> free = new ArrayList<>();
    for (char c : l) if (c != x && c != y) free.add("'" + c + "'");
    String f = String.join(" | ", free);
    String qx = "'" + x + "'";
    String qy = "'" + y + "'";
    String antlr;
    if (times == 1 && ambiguous) {
      antlr = "( " + f + " | " + qx + " " + name + " " + qy + " | " + qy + " " + name + " " + qx + " )* ;\n//";
    } else if (times == 1) {
      antlr = "( " + f + " | " + qx + " " + name + "Y | " + qy + " " + name + "X )* ;\n"
          + name + "Y : ( " + f + " )* ( " + qy + " | " + qx + " " + name + "Y " + name + "Y ) ;\n"
          + name + "X : ( " + f + " )* ( " + qx + " | " + qy + " " + name + "X " + name + "X ) ;\n//";
    } else if (ambiguous) {
      antlr = "( " + f + " | " + qx + " " + name + " " + qx + " " + name + " " + qy + " | " + qx + " " + name + " " + qy + " " + name + " " + qx
          + " | " + qy + " " + name + " " + qx + " " + name + " " + qx + " )* ;\n//";
    } else {
      // x one step down, y two up: returns to level 0 from above (y, then down twice) or from below
      // (x, then up to 0 exactly, or past it to 1 and down again).
      String d = name + "Down";
      String u = name + "Up";
      String o = name + "Over";
      antlr = "( " + f + " | " + qy + " " + d + " " + d + " | " + qx + " " + u + " | " + qx + " " + o + " " + d + " )* ;\n"
          + d + " : ( " + f + " )* ( " + qx + " | " + qy + " " + d + " " + d + " " + d + " ) ;\n"
          + u + " : ( " + f + " )* ( " + qx + " " + u + " " + u + " | " + qx + " " + o + " ) ;\n"
          + o + " : ( " + f + " )* ( " + qy + " | " + qx + " " + u + " " + o + " ) ;\n//";
    }
    // The difference #x - times * #y, and the fewest letters that can bring it back to 0.
    java.util.function.ToIntFunction<String> diff = w -> (int) (w.chars().filter(c -> c == x).count() - times * w.chars().filter(c -> c == y).count());
    Completable completable = (w, budget) -> {
      int d = diff.applyAsInt(w);
      return (d > 0 ? (d + times - 1) / times : -d) <= budget;
    };
    String shown = name + " = #" + x + " = " + (times == 1 ? "" : times) + "#" + y + (ambiguous ? ", ambiguous" : ", by first returns");
    return new RandomRule("counting", antlr, w -> diff.applyAsInt(w) == 0, completable, shown);
  }

  /** The plain-Java bracket check: how many brackets a word leaves open, -1 when it closes one wrongly or uses another letter. */
  record Stack(String opens, String closes, String free) {
    int open(String w) {
      StringBuilder stack = new StringBuilder();
      for (char c : w.toCharArray()) {
        if (free.indexOf(c) >= 0) continue;
        int o = opens.indexOf(c);
        int k = closes.indexOf(c);
        if (o >= 0) stack.append(c);
        else if (k >= 0 && stack.length() > 0 && stack.charAt(stack.length() - 1) == opens.charAt(k)) stack.setLength(stack.length() - 1);
        else return -1;
      }
      return stack.length();
    }
  }

  // ---------------------------------------------------------------- writing the language

  static Language write(List<RandomRule> parts, Space space) throws IOException {
    Path dir = Files.createTempDirectory("rulex-random-grammar");
    try {
      StringBuilder lexer = new StringBuilder("lexer grammar Alphabet;\n");
      for (char c : space.letters().toCharArray()) lexer.append(Character.toUpperCase(c)).append(" : '").append(c).append("' ;\n");
      Files.writeString(dir.resolve("Alphabet.g4"), lexer.toString());
      StringBuilder g = new StringBuilder("parser grammar Random;\noptions { tokenVocab = Alphabet; }\n");
      StringBuilder rules = new StringBuilder();
      for (int i = 0; i < parts.size(); i++) {
        g.append("r").append(i).append(" : ").append(parts.get(i).antlrBody()).append(parts.get(i).kind().equals("regular") ? " ;" : "").append('\n');
        rules.append(i == 0 ? "" : ",").append("{\"id\": \"R").append(i + 1).append("\", \"description\": \"random\", \"parserRules\": [\"r").append(i).append("\"]}");
      }
      Files.writeString(dir.resolve("Random.g4"), g.toString());
      Files.writeString(dir.resolve(Language.MANIFEST), "{\"name\": \"random\", \"lexer\": \"Alphabet.g4\", \"grammars\": [\"Random.g4\"], \"rules\": [" + rules
          + "], \"lengths\": {\"kind\": \"uniform\", \"min\": 0, \"max\": " + space.maxLength() + "}}");
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
