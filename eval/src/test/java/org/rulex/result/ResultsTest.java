package org.rulex.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.score.PromptRecord;

class ResultsTest {
  @TempDir Path tmp;

  @Test
  void resultRoundTripsThroughJsonWithNanAsNull() {
    CellResult r = SyntheticResults.cell("anbn", "transformer", 1, 0.3, 0, 0);
    String json = Results.toJson(r);
    assertTrue(json.contains("\"schema\": \"rulex.result/3\""), json);
    assertTrue(json.contains("\"rate\": null"), "a rate with no trials is written as null");
    assertTrue(json.contains("\"overFinishedOnly\""));
    CellResult back = Results.fromJson(json, "test");
    assertEquals(r, back);
    assertTrue(Double.isNaN(back.promptSet("ood-R2").rules().get("R1").overFinishedOnly().rate()));
    assertEquals(json, Results.toJson(back));
  }

  @Test
  void atomicWriteLeavesNoTemporaryFiles() throws IOException {
    Path file = tmp.resolve("cells").resolve("anbn__lstm__s1.json");
    Results.writeAtomically(file, SyntheticResults.cell("anbn", "lstm", 1, 0.3, 40, 80));
    Results.writeAtomically(file, SyntheticResults.cell("anbn", "lstm", 1, 0.2, 40, 80));
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertEquals(List.of(file), s.toList());
    }
    assertEquals(0.2, Results.readAll(tmp).get(0).test().loss());
  }

  @Test
  void readAllFindsResultsAtAnyDepthAndSkipsOtherJson() throws IOException {
    Results.writeAtomically(tmp.resolve("a/b/x.json"), SyntheticResults.cell("anbn", "lstm", 2, 0.3, 40, 80));
    Results.writeAtomically(tmp.resolve("y.json"), SyntheticResults.cell("anbn", "lstm", 1, 0.3, 40, 80));
    Files.writeString(tmp.resolve("preset.json"), "{\"name\": \"quick\"}");
    Files.writeString(tmp.resolve("notes.txt"), "not json");
    List<CellResult> all = Results.readAll(tmp);
    assertEquals(List.of("anbn__lstm__s1", "anbn__lstm__s2"), all.stream().map(CellResult::key).toList());
  }

  @Test
  void malformedResultFileIsAUserErrorNamingIt() throws IOException {
    Files.writeString(tmp.resolve("broken.json"), "{\"schema\": \"rulex.result/1\", ");
    UserError e = assertThrows(UserError.class, () -> Results.readAll(tmp));
    assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    Files.writeString(tmp.resolve("broken.json"), "{\"schema\": \"rulex.result/9\"}");
    e = assertThrows(UserError.class, () -> Results.readAll(tmp));
    assertTrue(e.getMessage().contains("broken.json") && e.getMessage().contains("rulex.result/2"), e.getMessage());
  }

  @Test
  void missingDirectoryIsAUserError() {
    assertThrows(UserError.class, () -> Results.readAll(tmp.resolve("nope")));
  }

  /** An anbn lstm cell of the given seed and test loss, written as a shard's result file in dir. */
  private static void writeLstm(Path dir, long seed, double testLoss) {
    Results.writeAtomically(dir.resolve("anbn__lstm__s" + seed + ".json"), SyntheticResults.cell("anbn", "lstm", seed, testLoss, 40, 80));
  }

  /** A shard's directory tmp/NAME holding one lstm cell in cells/. */
  private Path shard(String name, long seed, double testLoss) {
    Path dir = tmp.resolve(name);
    writeLstm(dir.resolve("cells"), seed, testLoss);
    return dir;
  }

  @Test
  void mergeCombinesShardsAndAcceptsIdenticalDuplicates() {
    Path a = shard("a", 1, 0.3);
    Path b = shard("b", 2, 0.3);
    writeLstm(b.resolve("copy"), 1, 0.3);
    Path out = tmp.resolve("merged");
    List<CellResult> merged = Results.merge(List.of(a, b), out);
    assertEquals(2, merged.size());
    assertEquals(2, Results.readAll(out).size());
    assertTrue(Files.isRegularFile(out.resolve("cells/anbn__lstm__s2.json")));
    // merging again into the same place is a no-op
    assertEquals(merged, Results.merge(List.of(a, b), out));
  }

  @Test
  void mergeRefusesConflictingResultsOfOneCell() {
    Path a = shard("a", 1, 0.3);
    Path b = shard("b", 1, 0.4);
    UserError e = assertThrows(UserError.class, () -> Results.merge(List.of(a, b), tmp.resolve("out")));
    assertTrue(e.getMessage().contains("anbn__lstm__s1"), e.getMessage());
    assertTrue(Files.notExists(tmp.resolve("out/cells")), "nothing is written on a conflict");
  }

  @Test
  void promptRecordsAreWrittenOneJsonObjectALine() throws IOException {
    Path f = tmp.resolve("prompts.jsonl");
    Results.writePromptRecords(f, List.of(
        new PromptRecord("ood-R2", "greedy", 0, "aabab", "b", true, java.util.Map.of("R1", true), true, false),
        new PromptRecord("id", "greedy", 0, "aa", "bb", true, java.util.Map.of("R1", true), null, true)));
    List<String> lines = Files.readAllLines(f);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("{\"set\":\"ood-R2\",\"decoding\":\"greedy\",\"sample\":0,\"prompt\":\"aabab\""), lines.get(0));
    assertTrue(lines.get(1).contains("\"brokenRuleOnCompletion\":null"), lines.get(1));
  }
}
