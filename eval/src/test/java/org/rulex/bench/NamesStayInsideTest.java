package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rulex.AtomicFile;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.grammar.Languages;
import org.rulex.json.JsonError;
import org.rulex.result.Results;
import org.rulex.result.SyntheticResults;
import org.rulex.train.Checkpoint;

/**
 * Language and model names become file names (cell keys, checkpoint directories, the grammar
 * looked up for a checkpoint): a name that is a path, or climbs with "..", is refused where it is
 * read, at its position, before anything is written.
 */
class NamesStayInsideTest {
  @TempDir Path tmp;

  /** Line and column (1-based) of the first occurrence of {@code what}. */
  private static String position(String s, String what) {
    int i = s.indexOf(what);
    int line = 1 + (int) s.substring(0, i).chars().filter(c -> c == '\n').count();
    return line + ":" + (i - s.lastIndexOf('\n', i - 1));
  }


  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aBenchWhosePresetNamesAGrammarDirectoryByPathRefusesBeforeWritingAnything() throws IOException {
    // A real grammar directory, so that only the name check stands between the preset and a sweep.
    Path grammar = tmp.resolve("abs/anbn");
    AtomicFile.copyTree(Languages.home().resolve("grammars/anbn"), grammar);
    String json = BenchFixtures.PRESET.replace("[\"anbn\", \"ban\"]", "[\"" + grammar + "\", \"ban\"]");
    Path presetFile = BenchFixtures.presetFile(tmp.resolve("presets"), json);
    List<String> before = listing(tmp);
    Path out = tmp.resolve("out");
    JsonError e = assertThrows(JsonError.class, () -> {
      Preset p = Preset.load(presetFile.toString());
      new BenchRunner(new BenchRunner.Options(p, out, new Shard(0, 1), 1, BenchFixtures.child(tmp.resolve("templates"))),
          BenchFixtures.quiet(new ByteArrayOutputStream())).run();
    });
    assertEquals(presetFile + ":" + position(json, "\"" + grammar), e.location().toString(), e.getMessage());
    assertTrue(e.getMessage().contains("not grammar directories by path"), e.getMessage());
    assertEquals(before, listing(tmp), "nothing written, in --out or beside the grammar");
    assertFalse(Files.exists(out));
  }

  @Test
  void modelNamesWithASeparatorOrDotDotAreRefusedAtTheirPosition() throws IOException {
    for (String bad : List.of("lin/ear", "..", "../linear", "lin..ear", ".hidden", "/abs")) {
      String json = BenchFixtures.PRESET
          .replace("\"models\": [\"uniform\", \"linear\"]", "\"models\": [\"uniform\", \"" + bad + "\"]")
          .replace("\"linear\": {\"architecture\"", "\"" + bad + "\": {\"architecture\"");
      Path f = BenchFixtures.presetFile(tmp.resolve("m" + Math.abs(bad.hashCode())), json);
      JsonError e = assertThrows(JsonError.class, () -> Preset.load(f.toString()), bad);
      assertEquals(f + ":" + position(json, "\"" + bad + "\"]"), e.location().toString(), e.getMessage());
      assertTrue(e.getMessage().contains("\"models\" entries are names"), e.getMessage());
    }
  }

  @Test
  void aCellKeyOutsideThePresetOrWithAPathIsNotACell() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> Cell.parse("../../x__linear__s1"));
    assertThrows(IllegalArgumentException.class, () -> Cell.parse("anbn__a/b__s1"));
    Preset p = BenchFixtures.preset(tmp);
    assertThrows(UserError.class, () -> new CellRunner(p, tmp.resolve("out"), System.err).run(new Cell("dyck", "linear", 1)));
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void aModelCardWhoseLanguageIsAPathIsRefusedAtItsPosition() throws IOException {
    Path ckpt = tmp.resolve("ckpt");
    AtomicFile.copyTree(Languages.home().resolve("models/zoo/anbn-tiny"), ckpt);
    Path card = ckpt.resolve(Checkpoint.CARD);
    String text = Files.readString(card).replace("\"language\": \"anbn\"", "\"language\": \"../../../etc\"");
    Files.writeString(card, text);
    UserError e = assertThrows(UserError.class, () -> Checkpoint.readCard(ckpt));
    assertTrue(e.getMessage().startsWith(card + ":" + position(text, "\"../../../etc\"") + ": damaged model card: \"language\""), e.getMessage());
  }

  @Test
  void aResultWhoseKeyIsAPathIsNotReadNorMerged() throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("x.json"), Results.toJson(SyntheticResults.cell("../../escaped", "linear", 1, 0.5, 50, 90)));
    Path out = tmp.resolve("merged");
    UserError e = assertThrows(UserError.class, () -> Results.merge(List.of(in), out));
    assertTrue(e.getMessage().contains("config.language"), e.getMessage());
    // merged/cells/../../escaped__linear__s1.json is where the key would have put it.
    assertFalse(Files.exists(tmp.resolve("escaped__linear__s1.json")));
    assertFalse(Files.exists(out));
  }
}
