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

/**
 * Writes a dataset: train/val/test splits of members (JSON lines), the prompt sets, the
 * vocabulary and a manifest with every file's SHA-256. Splits are drawn test first, then val,
 * then train, as distinct words when the language has enough members in the length range;
 * otherwise the member lengths are partitioned between the splits, and the manifest says so.
 * The same seed gives byte-identical files. Files are written atomically, the manifest last.
 */
public final class DatasetWriter {
  public static final String MANIFEST = "manifest.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final Gson LINE = new GsonBuilder().disableHtmlEscaping().create();
  /** Drawing order: held-out splits first, so they never lose words to train. */
  private static final List<String> DRAW_ORDER = List.of("test", "val", "train");

  /** What to generate; null word lengths keep the language's own range. */
  public record Options(int train, int val, int test, Integer minWordLength, Integer maxWordLength, long seed) {
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
    Map<String, List<int[]>> splits = null;
    String mode = null;
    String note = null;
    Map<String, List<Integer>> splitLengths = new LinkedHashMap<>();
    if (!membersKnown || members.compareTo(BigInteger.valueOf(requested)) >= 0) splits = distinctWords(sampler, o, requested);
    if (splits == null && membersKnown) {
      splits = distinctHeldOut(sampler, o, members);
      if (splits != null) {
        mode = "distinct-heldout";
        note = "the language has only " + membersText + " members with lengths in [" + dist.min() + ", " + dist.max() + "], fewer than the "
            + requested + " words asked: validation and test are distinct words, at most half the members of each length (see produced), and train draws "
            + "from the other members with repeats, so no word is in two splits";
        warnings.add("splits are disjoint by word, but train repeats words: " + note);
      }
    }
    if (splits != null && mode == null) {
      mode = "distinct-words";
      note = "no word appears twice, within or across splits; drawn test, then val, then train; a length with fewer members than its share "
          + "of the draws gives what it has and the redraws go to other lengths (compare lengthHistogram with the length distribution)";
    } else if (splits == null) {
      List<Integer> ls = Arrays.stream(dist.lengths()).boxed().toList();
      long nonEmpty = DRAW_ORDER.stream().filter(s -> o.asked(s) > 0).count();
      SplittableRandom random = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
      if (ls.size() >= nonEmpty) {
        mode = "disjoint-lengths";
        List<Integer> shuffled = new ArrayList<>(ls);
        for (int i = shuffled.size() - 1; i > 0; i--) java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
        int at = 0;
        for (String s : DRAW_ORDER) {
          int k;
          if (o.asked(s) == 0) k = 0;
          else if (s.equals("train")) k = shuffled.size() - at;
          else k = Math.max(1, (int) Math.round(ls.size() * (double) o.asked(s) / requested));
          int remainingSplits = (int) DRAW_ORDER.subList(DRAW_ORDER.indexOf(s) + 1, 3).stream().filter(x -> o.asked(x) > 0).count();
          k = Math.min(k, shuffled.size() - at - remainingSplits);
          splitLengths.put(s, shuffled.subList(at, at + k).stream().sorted().toList());
          at += k;
        }
        splits = new LinkedHashMap<>();
        for (String s : DRAW_ORDER) {
          List<int[]> words = new ArrayList<>();
          if (o.asked(s) > 0) {
            LengthDistribution d = dist.restrictedTo(splitLengths.get(s));
            for (int i = 0; i < o.asked(s); i++) words.add(sampler.sample(d.sample(random), random));
          }
          splits.put(s, words);
        }
        note = "the language has only " + membersText + " members with lengths in [" + dist.min() + ", " + dist.max() + "], fewer than the "
            + requested + " words asked: the member lengths were partitioned between the splits (see lengths), so no word is in two splits, "
            + "but words repeat within a split";
      } else {
        mode = "overlapping";
        splits = new LinkedHashMap<>();
        for (String s : DRAW_ORDER) {
          List<int[]> words = new ArrayList<>();
          for (int i = 0; i < o.asked(s); i++) words.add(sampler.sample(random));
          splits.put(s, words);
        }
        note = "the language has only " + membersText + " members in " + ls.size() + " length(s) in [" + dist.min() + ", " + dist.max()
            + "]: too few to separate the splits even by length, so the splits OVERLAP (drawn independently, with repeats)";
      }
      warnings.add("splits are not disjoint by word: " + note);
    }

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
    boolean disjoint = !mode.equals("overlapping");
    DatasetManifest manifest = new DatasetManifest(DatasetManifest.SCHEMA, language.name(), language.grammarHash(), RulexVersion.VERSION, o.seed(),
        new DatasetManifest.Range(dist.min(), dist.max()), asked, produced, histograms,
        new DatasetManifest.Disjointness(mode, disjoint, membersText, requested, note, splitLengths.isEmpty() ? null : orderedSplits(splitLengths), distinct),
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

  private static <T> Map<String, T> orderedSplits(Map<String, T> bySplit) {
    Map<String, T> out = new LinkedHashMap<>();
    for (String s : Dataset.SPLITS) if (bySplit.containsKey(s)) out.put(s, bySplit.get(s));
    return out;
  }

  /**
   * Fewest held-out words for which held-out splits by word are worth having; below it, the member
   * lengths are split instead.
   */
  static final int MIN_HELD_OUT = 16;

  /**
   * Validation and test as distinct words, together at most half the members, and train drawn
   * (with repeats) from the other members: a split by word for a language too small for fully
   * distinct splits but large enough that held-out words say something. Null when it is not.
   */
  private static Map<String, List<int[]>> distinctHeldOut(LanguageSampler sampler, DatasetWriter.Options o, BigInteger members) {
    // At most half the members of each length are held out, so that training still sees every
    // length: holding out anbn's one word of a length would be a split by length in disguise.
    Map<Integer, Long> cap = new HashMap<>();
    long capacity = 0;
    for (int n : sampler.lengths().lengths()) {
      long half = sampler.count(n).orElse(BigInteger.ZERO).divide(BigInteger.TWO).min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue();
      cap.put(n, half);
      capacity += half;
    }
    int askedHeldOut = o.val() + o.test();
    int heldOut = (int) Math.min(askedHeldOut, Math.min(capacity, members.divide(BigInteger.TWO).min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue()));
    if (heldOut < MIN_HELD_OUT || askedHeldOut == 0 || o.train() == 0) return null;
    int test = o.test() == 0 ? 0 : Math.max(1, (int) Math.round(heldOut * (double) o.test() / askedHeldOut));
    int val = o.val() == 0 ? 0 : Math.max(1, heldOut - test);
    SplittableRandom random = new SplittableRandom(o.seed());
    Set<String> used = new HashSet<>();
    Map<String, List<int[]>> out = new LinkedHashMap<>();
    long budget = 200L * heldOut + 10_000;
    for (String s : DRAW_ORDER) {
      List<int[]> words = new ArrayList<>();
      int want = s.equals("test") ? test : s.equals("val") ? val : o.train();
      while (words.size() < want) {
        int[] w = sampler.sample(random);
        boolean fresh = !used.contains(Arrays.toString(w));
        if (s.equals("train")) {
          if (fresh) words.add(w);
          else if (budget-- <= 0) return null;
        } else if (fresh && cap.get(w.length) > 0) {
          used.add(Arrays.toString(w));
          cap.merge(w.length, -1L, Long::sum);
          words.add(w);
        } else if (budget-- <= 0) {
          return null;
        }
      }
      out.put(s, words);
    }
    return out;
  }

  /** Distinct words across all splits, or null when the attempts run out (too few members at the lengths drawn). */
  private static Map<String, List<int[]>> distinctWords(LanguageSampler sampler, DatasetWriter.Options o, int requested) {
    SplittableRandom random = new SplittableRandom(o.seed());
    Set<String> used = new HashSet<>();
    Map<String, List<int[]>> out = new LinkedHashMap<>();
    long budget = 50L * requested + 10_000;
    for (String s : DRAW_ORDER) {
      List<int[]> words = new ArrayList<>();
      while (words.size() < o.asked(s)) {
        if (budget-- <= 0) return null;
        int[] w = sampler.sample(random);
        if (used.add(Arrays.toString(w))) words.add(w);
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
