package org.rulex.dataset;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rulex.Sha256;
import org.rulex.RulexVersion;
import org.rulex.AtomicFile;
import org.rulex.UserError;
import org.rulex.grammar.Language;
import org.rulex.grammar.Vocabulary;
import org.rulex.prompt.PromptClassifier;
import org.rulex.prompt.PromptSetsJson;
import org.rulex.sample.LanguageSampler;
import org.rulex.sample.LengthDistribution;
import org.rulex.sample.TrainingDistribution;

/**
 * Writes a dataset: train/val/test splits of members (JSON lines), the prompt sets, the
 * vocabulary and a manifest with every file's SHA-256. Train is drawn i.i.d. from the spec's
 * distribution (its lengths with the spec's probabilities, each word uniform at its length),
 * so that a split never changes the task; validation and test are distinct words held out from
 * the lengths that have members to spare, or, where none has, drawn from the same distribution.
 * The same seed gives byte-identical files. Files are written atomically, the manifest last.
 */
public final class DatasetWriter {
  public static final String MANIFEST = "manifest.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final Gson LINE = new GsonBuilder().disableHtmlEscaping().create();

  /**
   * What to generate; null word lengths keep the language's own range. everyMember (null: false):
   * train is every member with a length in the range, each once (the sizes asked are then
   * ignored), and validation and test are the same words, as published aNbN setups trained and
   * validated on all of a^1 b^1 .. a^N b^N.
   */
  public record Options(int train, int val, int test, Integer minWordLength, Integer maxWordLength, long seed, Boolean everyMember) {
    /** Options for a split drawn from the spec's distribution. */
    public Options(int train, int val, int test, Integer minWordLength, Integer maxWordLength, long seed) {
      this(train, val, test, minWordLength, maxWordLength, seed, null);
    }

    public Options {
      if (train < 0 || val < 0 || test < 0) throw new UserError("split sizes must be >= 0");
      if (train + val + test == 0) throw new UserError("nothing to generate: the train, val and test sizes are all 0");
      if (minWordLength != null && minWordLength < 0) throw new UserError("the minimum length must be at least 0, not " + minWordLength);
      if (maxWordLength != null && maxWordLength > Language.MAX_WORD_LENGTH)
        throw new UserError("the maximum length " + maxWordLength + " is beyond the " + Language.MAX_WORD_LENGTH + " symbols rulex handles");
    }

    int asked(String split) {
      return switch (split) {
        case "train" -> train;
        case "val" -> val;
        default -> test;
      };
    }
  }

  /** The files of a dataset, in memory, and what the user should be told. */
  public record Result(Map<String, byte[]> files, DatasetManifest manifest, List<String> warnings) {}

  private DatasetWriter() {}

  /** Generates a dataset and writes it to dir (refusing a directory holding something else unless force). */
  public static Result write(Language language, Options options, Path dir, boolean force) {
    Result r = build(language, options);
    byte[] manifest = r.files().get(MANIFEST);
    try {
      // What a writer killed mid-write left here is ours to remove, and would otherwise make the
      // directory look like someone else's.
      for (String name : r.files().keySet()) AtomicFile.removeLeftovers(dir.resolve(name));
      if (Files.isDirectory(dir)) {
        // Empty, or holding only dataset files and no manifest: a write of ours cut short (the
        // manifest is written last), which this write completes.
        boolean cutShort;
        try (Stream<Path> s = Files.list(dir)) {
          cutShort = s.allMatch(p -> !p.getFileName().toString().equals(MANIFEST) && r.files().containsKey(p.getFileName().toString()));
        }
        if (!cutShort && !force) {
          Path old = dir.resolve(MANIFEST);
          if (!Files.isRegularFile(old))
            throw new UserError(dir + " is not empty and holds no dataset manifest; choose another --out or pass --force");
          if (!Arrays.equals(Files.readAllBytes(old), manifest))
            throw new UserError(dir + " holds a different dataset (its manifest differs); choose another --out or pass --force to overwrite it");
        }
      } else if (Files.exists(dir)) {
        throw new UserError(dir + " exists and is not a directory");
      }
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> f : r.files().entrySet()) if (!f.getKey().equals(MANIFEST)) AtomicFile.write(dir.resolve(f.getKey()), f.getValue());
      AtomicFile.write(dir.resolve(MANIFEST), manifest);
    } catch (IOException e) {
      throw new UserError(dir + ": cannot write: " + e.getMessage());
    }
    return r;
  }


  /** The split mode of a dataset whose train, validation and test are every member once. */
  public static final String EVERY_MEMBER = "every-member";

  /** The most members an every-member dataset may hold. */
  static final int EVERY_MEMBER_LIMIT = 100_000;

  /**
   * Every member with a length in the sampler's range, once: shortest first, within a length in
   * the order of their ids. Drawn uniformly at each length until all its members (counted exactly)
   * have been seen, so the result does not depend on the seed.
   */
  static List<int[]> everyMember(LanguageSampler sampler, long seed) {
    List<int[]> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed ^ TRAIN_STREAM);
    for (int n : sampler.lengths().lengths()) {
      BigInteger count = sampler.count(n).orElseThrow(() -> new UserError("every member once: the members of length " + n + " cannot be counted exactly"));
      if (count.signum() == 0) continue;
      if (count.add(BigInteger.valueOf(out.size())).compareTo(BigInteger.valueOf(EVERY_MEMBER_LIMIT)) > 0)
        throw new UserError("every member once: more than " + EVERY_MEMBER_LIMIT + " members up to length " + n + "; lower the maximum length");
      int c = count.intValue();
      java.util.TreeMap<String, int[]> seen = new java.util.TreeMap<>();
      long draws = 0;
      while (seen.size() < c) {
        if (++draws > 64L * c + 1024) throw new UserError("every member once: could not draw all " + c + " members of length " + n);
        int[] w = sampler.sample(n, random);
        seen.putIfAbsent(Arrays.toString(w), w);
      }
      List<int[]> atLength = new ArrayList<>(seen.values());
      atLength.sort(Arrays::compare);
      out.addAll(atLength);
    }
    return out;
  }

  /** Generates every file of the dataset in memory (deterministic in the seed). */
  public static Result build(Language language, Options o) {
    LanguageSampler sampler = new LanguageSampler(language, o.minWordLength(), o.maxWordLength());
    LengthDistribution dist = sampler.lengths();
    int requested = o.train() + o.val() + o.test();
    BigInteger members = BigInteger.ZERO;
    boolean membersKnown = true;
    for (int n : dist.lengths()) {
      Optional<BigInteger> c = sampler.count(n);
      if (c.isPresent()) members = members.add(c.get());
      else membersKnown = false;
    }
    String membersText = membersKnown ? members.toString() : "at least " + members + " (some lengths too large to count exactly)";
    List<String> warnings = new ArrayList<>();
    // Validation and test first, from the lengths with enough members to spare some; then train,
    // drawn i.i.d. from the spec's distribution with the held-out words redrawn at the same length.
    // Train never gives up a length or moves a draw to another length: a distinct-words split
    // runs out of short members and shifts their draws to longer words, which changes the task.
    Map<String, List<int[]>> splits = new LinkedHashMap<>();
    boolean everyMember = Boolean.TRUE.equals(o.everyMember());
    Map<String, List<int[]>> heldOut = everyMember ? null : heldOutWords(sampler, o);
    String mode;
    String note;
    List<int[]> excluded = new ArrayList<>();
    if (everyMember) {
      mode = EVERY_MEMBER;
      List<int[]> all = everyMember(sampler, o.seed());
      splits.put("test", all);
      splits.put("val", all);
      splits.put("train", all);
      note = "every one of the " + all.size() + " members with lengths in [" + dist.min() + ", " + dist.max() + "] once, shortest first, in train, "
          + "validation and test alike (validation = training); the sizes asked are not used";
      warnings.add("splits are not disjoint by word: " + note);
    } else if (heldOut != null) {
      mode = "heldout-words";
      splits.putAll(heldOut);
      heldOut.values().forEach(excluded::addAll);
      note = "validation and test are distinct words from the lengths with at least " + HELD_OUT_SHARE + " members per held-out word (at most 1/"
          + HELD_OUT_SHARE + " of a length's members); train draws every length with the spec's probability and each word uniformly among its "
          + "length's other members, with repeats, so no held-out word is in train and the training lengths are the spec's (compare "
          + "lengthHistogram.train with trainLengthExpected)";
      int heldOutCount = heldOut.values().stream().mapToInt(List::size).sum();
      if (heldOutCount < o.val() + o.test())
        warnings.add("only " + heldOutCount + " of the " + (o.val() + o.test()) + " validation and test words asked could be held out without taking more than 1/"
            + HELD_OUT_SHARE + " of a length's members (" + membersText + " members in [" + dist.min() + ", " + dist.max() + "])");
    } else {
      mode = "overlapping";
      TrainingDistribution all = new TrainingDistribution(sampler, dist, List.of());
      splits.put("test", all.sample(o.test(), o.seed() ^ TEST_STREAM));
      splits.put("val", all.sample(o.val(), o.seed() ^ VAL_STREAM));
      note = "the language has only " + membersText + " members with lengths in [" + dist.min() + ", " + dist.max() + "]: fewer than "
          + MIN_HELD_OUT + " words can be held out without taking more than 1/" + HELD_OUT_SHARE + " of some length's members, so "
          + "validation and test are drawn from the training distribution itself and share words with train (validation = training)";
      warnings.add("splits are not disjoint by word: " + note);
    }
    if (!everyMember) splits.put("train", new TrainingDistribution(sampler, dist, excluded).sample(o.train(), o.seed() ^ TRAIN_STREAM));
    Map<String, Double> trainExpected = new LinkedHashMap<>();
    for (int n : dist.lengths()) trainExpected.put(Integer.toString(n), Math.round(o.train() * dist.probability(n) * 10) / 10.0);

    Vocabulary vocab = language.vocabulary();
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> histograms = new LinkedHashMap<>();
    Map<String, Integer> produced = new LinkedHashMap<>();
    Map<String, Integer> distinct = new LinkedHashMap<>();
    for (String s : Dataset.SPLITS) {
      List<int[]> words = splits.get(s);
      StringBuilder sb = new StringBuilder();
      TreeMap<Integer, Integer> h = new TreeMap<>();
      Set<String> seen = new HashSet<>();
      for (int[] w : words) {
        JsonObject line = new JsonObject();
        String text = vocab.decode(w);
        line.addProperty("text", text);
        JsonArray ids = new JsonArray();
        for (int id : w) ids.add(id);
        line.add("ids", ids);
        line.addProperty("length", w.length);
        sb.append(LINE.toJson(line)).append('\n');
        h.merge(w.length, 1, Integer::sum);
        seen.add(text);
      }
      files.put(s + ".jsonl", sb.toString().getBytes(StandardCharsets.UTF_8));
      Map<String, Integer> hs = new LinkedHashMap<>();
      h.forEach((k, v) -> hs.put(Integer.toString(k), v));
      histograms.put(s, hs);
      produced.put(s, words.size());
      distinct.put(s, seen.size());
    }
    files.put("prompts.json", PromptSetsJson.write(PromptClassifier.build(language, null, o.seed(), PromptClassifier.DEFAULT_SAMPLED)).getBytes(StandardCharsets.UTF_8));
    files.put("vocabulary.json", vocabularyJson(vocab).getBytes(StandardCharsets.UTF_8));

    Map<String, Integer> asked = new LinkedHashMap<>();
    for (String s : Dataset.SPLITS) asked.put(s, o.asked(s));
    Map<String, String> hashes = new LinkedHashMap<>();
    for (var f : files.entrySet()) hashes.put(f.getKey(), Sha256.of(f.getValue()));
    boolean disjoint = !mode.equals("overlapping") && !everyMember;
    DatasetManifest manifest = new DatasetManifest(DatasetManifest.SCHEMA, language.name(), language.grammarHash(), RulexVersion.VERSION, o.seed(),
        new DatasetManifest.Range(dist.min(), dist.max()), asked, produced, histograms, trainExpected,
        new DatasetManifest.Disjointness(mode, disjoint, membersText, requested, note, null, distinct),
        hashes, engines(language), samplingMethods(sampler, dist));
    files.put(MANIFEST, manifestJson(manifest).getBytes(StandardCharsets.UTF_8));
    return new Result(files, manifest, warnings);
  }

  private static Map<String, String> engines(Language language) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var r : language.rules()) out.put(r.id(), r.engine().method());
    out.put("L", language.language().engine().method());
    return out;
  }

  private static Map<String, List<Integer>> samplingMethods(LanguageSampler sampler, LengthDistribution dist) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (int n : dist.lengths()) out.computeIfAbsent(sampler.method(n).name(), k -> new ArrayList<>()).add(n);
    return out;
  }

  /** Fewest held-out words for which a split by word is worth having; below it, validation = training. */
  static final int MIN_HELD_OUT = 16;

  /**
   * A length gives at most one held-out word per this many members, so that train still sees
   * (nearly) every word of it; lengths with fewer members give none.
   */
  static final int HELD_OUT_SHARE = 10;

  private static final long TRAIN_STREAM = 0x7BA1L;
  private static final long VAL_STREAM = 0x5A1L;
  private static final long TEST_STREAM = 0x7E57L;

  /**
   * Validation and test as distinct words, drawn by the spec's length distribution restricted to
   * the lengths that can spare a word (at most 1/{@value #HELD_OUT_SHARE} of their members each);
   * null when fewer than {@value #MIN_HELD_OUT} words can be spared, and empty lists when none are asked.
   */
  private static Map<String, List<int[]>> heldOutWords(LanguageSampler sampler, Options o) {
    Map<String, List<int[]>> out = new LinkedHashMap<>();
    int asked = o.val() + o.test();
    if (asked == 0) {
      out.put("test", List.of());
      out.put("val", List.of());
      return out;
    }
    LengthDistribution dist = sampler.lengths();
    Map<Integer, Long> cap = new HashMap<>();
    long capacity = 0;
    for (int n : dist.lengths()) {
      // A length too large to count exactly has more members than any split asks for.
      long c = sampler.count(n).map(x -> x.divide(BigInteger.valueOf(HELD_OUT_SHARE)).min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue())
          .orElse((long) Integer.MAX_VALUE);
      if (c > 0) cap.put(n, c);
      capacity = Math.min(Long.MAX_VALUE / 2, capacity + c);
    }
    int heldOut = (int) Math.min(asked, capacity);
    if (heldOut < MIN_HELD_OUT) return null;
    int test = o.test() == 0 ? 0 : Math.max(1, (int) Math.round(heldOut * (double) o.test() / asked));
    int val = o.val() == 0 ? 0 : heldOut - test;
    SplittableRandom random = new SplittableRandom(o.seed());
    LengthDistribution eligible = dist.restrictedTo(cap.keySet().stream().sorted().toList());
    Set<String> used = new HashSet<>();
    long budget = 200L * heldOut + 10_000;
    for (String s : List.of("test", "val")) {
      List<int[]> words = new ArrayList<>();
      int want = s.equals("test") ? test : val;
      while (words.size() < want) {
        if (budget-- <= 0) throw new IllegalStateException("could not draw " + want + " distinct held-out words");
        int n = eligible.sample(random);
        int[] w = sampler.sample(n, random);
        if (!used.add(Arrays.toString(w))) continue;
        words.add(w);
        if (cap.merge(n, -1L, Long::sum) == 0) {
          cap.remove(n);
          if (cap.isEmpty()) break;
          eligible = dist.restrictedTo(cap.keySet().stream().sorted().toList());
        }
      }
      out.put(s, words);
    }
    return out;
  }

  private static String vocabularyJson(Vocabulary v) {
    JsonObject o = new JsonObject();
    o.addProperty("schema", "rulex.vocabulary/1");
    o.addProperty("pad", Vocabulary.PAD);
    o.addProperty("sos", Vocabulary.SOS);
    o.addProperty("eos", Vocabulary.EOS);
    JsonArray tokens = new JsonArray();
    for (int id = 0; id < v.size(); id++) tokens.add(v.text(id));
    o.add("tokens", tokens);
    return GSON.toJson(o) + "\n";
  }

  private static String manifestJson(DatasetManifest m) {
    // Gson writes record components in declaration order and maps in their (linked) order.
    return GSON.toJson(m) + "\n";
  }
}
