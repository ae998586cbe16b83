package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.UserError;
import org.rulex.grammar.Languages;
import org.rulex.train.TrainConfig;

/** A preset is read strictly and checked whole before any cell runs. */
class PresetTest {
  @TempDir Path tmp;

  private String error(String from, String to) throws IOException {
    String json = BenchFixtures.PRESET;
    assertTrue(json.contains(from), from);
    Path f = BenchFixtures.presetFile(tmp, json.replace(from, to));
    return assertThrows(UserError.class, () -> Preset.load(f.toString())).getMessage();
  }

  @Test
  void theBuiltInPresetsLoadAndTheirLanguagesExist() {
    for (String name : Preset.builtIn()) {
      Preset p = Preset.load(name);
      assertEquals(name, p.name());
      p.checkLanguages(Languages.standard());
    }
  }

  @Test
  void cellsAreEveryLanguageModelAndSeedInKeyOrder() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    List<Cell> cells = p.cells();
    assertEquals(2 * 2 * 3, cells.size());
    assertEquals(cells.stream().sorted().toList(), cells);
    assertEquals(new Cell("anbn", "linear", 1), cells.get(0));
  }

  @Test
  void trainingOverridesGoOnTopOfTheSharedSettings() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    assertEquals(3, TrainConfig.fromJson(p.trainingFor("linear")).steps());
    assertEquals(2, TrainConfig.fromJson(p.trainingFor("uniform")).steps());
    assertEquals(4, TrainConfig.fromJson(p.trainingFor("uniform")).batchSize());
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("\"seeds\": [1, 2, 3]", "\"seeds\": []", "\"seeds\" is empty"),
        Arguments.of("\"seeds\": [1, 2, 3]", "\"seeds\": [1, 2, 1]", "lists 1 twice"),
        Arguments.of("\"linear\": {\"steps\": 3}", "\"linear\": {\"steps\": 3.5}", "preset.json:13:45: \"steps\" must be a whole number, not the number 3.5"),
        Arguments.of("\"window\": 4", "\"window\": \"four\"", "preset.json:10:52: linear: \"window\" must be a whole number"),
        Arguments.of("\"models\": [\"uniform\", \"linear\"]", "\"models\": [\"uniform\", \"linear\", \"lstm\"]", "model 'lstm' has no entry"),
        Arguments.of("\"trainingOverrides\": {\"linear\"", "\"trainingOverrides\": {\"linaer\"", "trainingOverrides names \"linaer\""),
        Arguments.of("\"description\"", "\"descripton\"", "unknown key \"descripton\""),
        Arguments.of("\"train\": 8", "\"train\": 0", "data.train must be at least 1"),
        Arguments.of("\"greedy\": true", "\"greedy\": false", "decoding asks for neither greedy nor sampled completions"),
        Arguments.of("\"greedy\": true", "\"greedy\": \"yes\"", "\"greedy\" must be true or false, not the string \"yes\""),
        Arguments.of("\"samples\": 0, \"temperature\": 1.0", "\"samples\": 4, \"temperature\": 0", "decoding.temperature must be above 0 when sampling"),
        Arguments.of("\"distributionWords\": 64", "\"distributionWords\": 0", "learned.distributionWords must be at least 1"));
  }

  @Test
  void aDecodingMistakeIsReportedAtTheValueAtFault() throws IOException {
    String bad = BenchFixtures.PRESET.replace("\"samples\": 0, \"temperature\": 1.0", "\"samples\": 4, \"temperature\": -2");
    int at = bad.indexOf("-2,");
    int line = (int) bad.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    int column = at - bad.lastIndexOf('\n', at - 1);
    Path f = BenchFixtures.presetFile(tmp, bad);
    String e = assertThrows(UserError.class, () -> Preset.load(f.toString())).getMessage();
    assertTrue(e.contains("preset.json:" + line + ":" + column + ": decoding.temperature must be above 0 when sampling"), e);
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("mistakes")
  void aMistakeIsFoundWhenThePresetIsLoaded(String from, String to, String expected) throws IOException {
    String e = error(from, to);
    assertTrue(e.contains(expected), e);
  }

  @Test
  void aTrainingSeedInAPresetIsIgnoredWithANoticeAtItsPlace() throws IOException {
    String withSeed = BenchFixtures.PRESET.replaceFirst("\"training\": \\{", "\"training\": {\"seed\": 7, ");
    assertTrue(withSeed.contains("\"seed\": 7"), "the fixture has a training section");
    Path f = BenchFixtures.presetFile(tmp, withSeed);
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(sink, true, java.nio.charset.StandardCharsets.UTF_8));
    Preset p;
    try {
      p = Preset.load(f.toString());
    } finally {
      System.setErr(err);
    }
    String notice = sink.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(notice.contains(f + ":") && notice.contains("training \"seed\" in a preset is ignored (deprecated)"), notice);
    // Each cell still trains with its own seed: the runner sets it, whatever the preset said.
    assertEquals(3, p.seeds().size());
  }

  @Test
  void aTruncatedPresetSaysSo() throws IOException {
    Path f = BenchFixtures.presetFile(tmp, BenchFixtures.PRESET.substring(0, 200));
    assertTrue(assertThrows(UserError.class, () -> Preset.load(f.toString())).getMessage().contains("truncated"));
  }

  @Test
  void anUnknownLanguageIsFoundBeforeAnythingRuns() throws IOException {
    Path f = BenchFixtures.presetFile(tmp, BenchFixtures.PRESET.replace("\"ban\"]", "\"nope\"]"));
    Preset p = Preset.load(f.toString());
    assertTrue(assertThrows(UserError.class, () -> p.checkLanguages(Languages.standard())).getMessage().contains("language 'nope'"));
  }

  @Test
  void anUnknownPresetNamesTheBuiltInOnes() {
    assertTrue(assertThrows(UserError.class, () -> Preset.load("no-such-preset")).getMessage().contains("quick"));
  }

  @Test
  void aPresetSurvivesItsOwnJson() throws IOException {
    Preset p = BenchFixtures.preset(tmp);
    Path again = BenchFixtures.presetFile(tmp.resolve("again"), p.toJson());
    assertEquals(p.toJson(), Preset.load(again.toString()).toJson());
  }
}
