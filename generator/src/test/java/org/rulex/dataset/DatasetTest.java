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
  void sameSeedGivesByteIdenticalFilesAndDisjointSplitsOfMembers(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) throws Exception {
    Language dyck = LANGUAGES.get("dyck");
    var o = new DatasetWriter.Options(150, 30, 30, null, 30, seed);
    Path a = Files.createTempDirectory("rulex-ds");
    Path b = Files.createTempDirectory("rulex-ds");
    DatasetWriter.write(dyck, o, a, false);
    DatasetWriter.write(dyck, o, b, false);
    for (String f : List.of("train.jsonl", "val.jsonl", "test.jsonl", "prompts.json", "vocabulary.json", "manifest.json"))
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    Dataset d = Dataset.load(a);
    assertEquals("distinct-words", d.manifest().disjointness().mode());
    Set<String> seen = new HashSet<>();
    for (String s : Dataset.SPLITS) {
      assertEquals(d.manifest().sizesAsked().get(s), d.split(s).size());
      for (int[] w : d.split(s)) {
        assertTrue(dyck.accepts(w), dyck.vocabulary().decode(w));
        assertTrue(w.length >= 2 && w.length <= 30);
        assertTrue(seen.add(Arrays.toString(w)), "word in two splits or twice: " + dyck.vocabulary().decode(w));
      }
    }
    deleteAll(a);
    deleteAll(b);
  }

  @Test
  void bbanHasTooFewMembersForDistinctSplitsButEnoughToHoldOutWords(@TempDir Path dir) {
    // 240 members of length 1..30 (floor((n+1)/2) of length n); 512 + 64 + 64 asked: at most half of
    // each length's members are held out, 112 in all, and train repeats the other 128.
    Language bban = LANGUAGES.get("bban");
    var r = DatasetWriter.write(bban, new DatasetWriter.Options(512, 64, 64, 1, 30, 3), dir, false);
    assertEquals(1, r.warnings().size());
    Dataset d = Dataset.load(dir);
    assertEquals("distinct-heldout", d.manifest().disjointness().mode());
    assertEquals(56, d.val().size());
    assertEquals(56, d.test().size());
    assertEquals(512, d.train().size());
    Set<String> heldOut = new HashSet<>();
    for (int[] w : d.val()) assertTrue(heldOut.add(Arrays.toString(w)), "a validation word twice");
    for (int[] w : d.test()) assertTrue(heldOut.add(Arrays.toString(w)), "a test word twice or also in validation");
    Set<String> trainWords = new HashSet<>();
    for (int[] w : d.train()) {
      assertTrue(bban.accepts(w));
      assertFalse(heldOut.contains(Arrays.toString(w)), "a held-out word in train: " + bban.vocabulary().decode(w));
      trainWords.add(Arrays.toString(w));
    }
    assertTrue(trainWords.size() > 100, "train should cover most of the 128 remaining members, covered " + trainWords.size());
  }

  @Test
  void anbnHasTooFewMembersSoItsSplitsGetDisjointLengthsAndTheManifestSaysSo(@TempDir Path dir) {
    Language anbn = LANGUAGES.get("anbn");
    var r = DatasetWriter.write(anbn, new DatasetWriter.Options(300, 40, 40, null, 64, 5), dir, false);
    assertEquals(1, r.warnings().size());
    Dataset d = Dataset.load(dir);
    var dj = d.manifest().disjointness();
    assertEquals("disjoint-lengths", dj.mode());
    assertEquals("32", dj.membersInRange());
    Set<Integer> all = new HashSet<>();
    for (String s : Dataset.SPLITS) {
      Set<Integer> lens = new HashSet<>(dj.lengths().get(s));
      for (int[] w : d.split(s)) assertTrue(lens.contains(w.length) && anbn.accepts(w));
      for (int n : lens) assertTrue(all.add(n), "length " + n + " in two splits");
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
