package org.rulex.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.Sha256;
import org.rulex.UserError;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;

/** Datasets: members only, disjoint splits, same seed same bytes, atomic and careful writing, loading. */
class DatasetTest {
  static final Languages LANGUAGES = Languages.standard();

  @Property(tries = 6)
  void sameSeedGivesByteIdenticalFilesAndHeldOutWordsNeverInTrain(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) throws Exception {
    Language dyck = LANGUAGES.get("dyck");
    var o = new DatasetWriter.Options(150, 30, 30, null, 30, seed);
    Path a = Files.createTempDirectory("rulex-ds");
    Path b = Files.createTempDirectory("rulex-ds");
    DatasetWriter.write(dyck, o, a, false);
    DatasetWriter.write(dyck, o, b, false);
    for (String f : List.of("train.jsonl", "val.jsonl", "test.jsonl", "prompts.json", "vocabulary.json", "manifest.json"))
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    Dataset d = Dataset.load(a);
    assertEquals("heldout-words", d.manifest().disjointness().mode());
    Set<String> heldOut = new HashSet<>();
    for (String s : List.of("test", "val"))
      for (int[] w : d.split(s)) assertTrue(heldOut.add(Arrays.toString(w)), "a held-out word twice: " + dyck.vocabulary().decode(w));
    for (String s : Dataset.SPLITS) {
      assertEquals(d.manifest().sizesAsked().get(s), d.split(s).size());
      for (int[] w : d.split(s)) {
        assertTrue(dyck.accepts(w), dyck.vocabulary().decode(w));
        assertTrue(w.length >= 2 && w.length <= 30);
      }
    }
    for (int[] w : d.train()) assertFalse(heldOut.contains(Arrays.toString(w)), "a held-out word in train: " + dyck.vocabulary().decode(w));
    deleteAll(a);
    deleteAll(b);
  }

  /**
   * The training split has the spec's length distribution at every length, short ones included
   * (a split by distinct words ran out of ban's short members and moved their draws to longer
   * lengths). Oracle: the spec's distribution, uniform over the lengths that have members, each
   * length's count within 5 binomial standard deviations of its expectation.
   */
  @Test
  void trainingLengthsFollowTheSpecsDistributionAtEveryLength(@TempDir Path dir) {
    for (String name : List.of("ban", "dyck", "anbn")) {
      Language lang = LANGUAGES.get(name);
      int train = 4096;
      Path out = dir.resolve(name);
      DatasetWriter.write(lang, new DatasetWriter.Options(train, 64, 64, 1, 30, 1), out, false);
      Dataset d = Dataset.load(out);
      // Lengths with members, by brute force on the plain predicate for short lengths and by the spec's range otherwise.
      Map<Integer, Integer> histogram = new TreeMap<>();
      for (int[] w : d.train()) histogram.merge(w.length, 1, Integer::sum);
      Map<String, Double> expected = d.manifest().trainLengthExpected();
      double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
      assertEquals(train, total, 1.0, name + ": the expected histogram sums to the train size");
      int lengths = expected.size();
      for (var e : expected.entrySet()) {
        double p = 1.0 / lengths;
        assertEquals(train * p, e.getValue(), 0.06, name + " length " + e.getKey() + ": uniform over the lengths with members");
        int seen = histogram.getOrDefault(Integer.parseInt(e.getKey()), 0);
        double sd = Math.sqrt(train * p * (1 - p));
        assertTrue(Math.abs(seen - train * p) <= 5 * sd, name + " length " + e.getKey() + ": " + seen + " training words, expected " + train * p);
      }
      for (int n : histogram.keySet()) assertTrue(expected.containsKey(Integer.toString(n)), name + ": a training word of length " + n + " the spec does not ask for");
    }
  }

  /** Held-out words take at most a tenth of any length's members, counted exactly; train sees every length. */
  @Test
  void heldOutWordsComeOnlyFromLengthsWithMembersToSpare(@TempDir Path dir) {
    Language ban = LANGUAGES.get("ban");
    DatasetWriter.write(ban, new DatasetWriter.Options(1024, 64, 64, 1, 30, 2), dir, false);
    Dataset d = Dataset.load(dir);
    assertEquals("heldout-words", d.manifest().disjointness().mode());
    Map<Integer, Integer> heldOutPerLength = new TreeMap<>();
    for (String s : List.of("val", "test")) for (int[] w : d.split(s)) heldOutPerLength.merge(w.length, 1, Integer::sum);
    var sampler = new org.rulex.sample.LanguageSampler(ban, 1, 30);
    for (var e : heldOutPerLength.entrySet()) {
      long members = sampler.count(e.getKey()).orElseThrow().longValueExact();
      assertTrue(e.getValue() * (long) DatasetWriter.HELD_OUT_SHARE <= members, "length " + e.getKey() + ": " + e.getValue() + " held out of " + members);
    }
  }

  @Test
  void bbanAndAnbnHaveTooFewMembersToHoldOutSoValidationIsTrainingAndTheManifestSaysSo(@TempDir Path dir) {
    for (String name : List.of("bban", "anbn")) {
      Language lang = LANGUAGES.get(name);
      Path out = dir.resolve(name);
      var r = DatasetWriter.write(lang, new DatasetWriter.Options(512, 64, 64, 1, 30, 3), out, false);
      assertEquals(1, r.warnings().size(), r.warnings().toString());
      assertTrue(r.warnings().get(0).contains("validation = training"), r.warnings().get(0));
      Dataset d = Dataset.load(out);
      var dj = d.manifest().disjointness();
      assertEquals("overlapping", dj.mode());
      assertFalse(dj.disjoint());
      assertEquals(64, d.val().size());
      assertEquals(64, d.test().size());
      assertEquals(512, d.train().size());
      for (String s : Dataset.SPLITS) for (int[] w : d.split(s)) assertTrue(lang.accepts(w), name + ": " + lang.vocabulary().decode(w));
    }
  }

  @Test
  void aDirectoryHoldingAnotherDatasetIsNotOverwrittenWithoutForce(@TempDir Path dir) throws Exception {
    Language ban = LANGUAGES.get("ban");
    DatasetWriter.write(ban, new DatasetWriter.Options(20, 5, 5, null, 20, 1), dir, false);
    DatasetWriter.write(ban, new DatasetWriter.Options(20, 5, 5, null, 20, 1), dir, false); // same dataset: fine
    UserError e = assertThrows(UserError.class, () -> DatasetWriter.write(ban, new DatasetWriter.Options(20, 5, 5, null, 20, 2), dir, false));
    assertTrue(e.getMessage().contains("--force"));
    DatasetWriter.write(ban, new DatasetWriter.Options(20, 5, 5, null, 20, 2), dir, true);
    assertEquals(2, Dataset.load(dir).manifest().seed());
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left behind");
    }
  }

  @Test
  void loadingRefusesAFileChangedSinceItWasWritten(@TempDir Path dir) throws Exception {
    DatasetWriter.write(LANGUAGES.get("ban"), new DatasetWriter.Options(10, 2, 2, null, 12, 3), dir, false);
    assertEquals(Sha256.of(dir.resolve("manifest.json")), Dataset.load(dir).manifestSha256());
    Files.writeString(dir.resolve("train.jsonl"), "{\"text\":\"b\",\"ids\":[4],\"length\":1}\n");
    UserError e = assertThrows(UserError.class, () -> Dataset.load(dir));
    assertTrue(e.getMessage().contains("train.jsonl"), e.getMessage());
  }

  private static void deleteAll(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) Files.delete(p);
    }
    Files.delete(dir);
  }

  @Test
  void thePromptSetsWrittenAreThePromptSetsReadBack(@TempDir Path dir) {
    Language anbn = LANGUAGES.get("anbn");
    DatasetWriter.write(anbn, new DatasetWriter.Options(40, 10, 10, null, 30, 7), dir, false);
    Dataset d = Dataset.load(dir);
    var sets = org.rulex.prompt.PromptClassifier.build(anbn, null, 7, org.rulex.prompt.PromptClassifier.DEFAULT_SAMPLED);
    assertEquals(texts(anbn, sets.id().stream().map(org.rulex.prompt.Prompt::ids).toList()), texts(anbn, d.idPrompts()));
    assertEquals(sets.ood().stream().map(o -> o.name()).toList(), List.copyOf(d.oodPrompts().keySet()));
    for (var o : sets.ood())
      assertEquals(texts(anbn, o.prompts().stream().map(org.rulex.prompt.Prompt::ids).toList()), texts(anbn, d.oodPrompts().get(o.name())));
    assertTrue(!d.idPrompts().isEmpty());
  }

  private static List<String> texts(Language lang, List<int[]> words) {
    return words.stream().map(lang.vocabulary()::decode).toList();
  }
}
