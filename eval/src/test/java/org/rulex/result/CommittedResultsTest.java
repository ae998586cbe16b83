package org.rulex.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rulex.grammar.Languages;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;

/**
 * Every bench cell result committed under results/ reads through today's CellResult: older schema
 * versions upgraded step by step (CellResult.FORMAT), then bound strictly.
 */
class CommittedResultsTest {
  static List<Path> committedCells() throws IOException {
    try (Stream<Path> files = Files.walk(Languages.home().resolve("results"))) {
      return files.filter(p -> p.getParent().getFileName().toString().equals("cells") && p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void theSchemaConstantIsTheFormatsCurrentVersion() {
    assertEquals(CellResult.FORMAT.id(), CellResult.SCHEMA);
  }

  @Test
  void everyCommittedCellResultReadsThroughTheRecords() throws IOException {
    List<Path> cells = committedCells();
    assertTrue(cells.size() >= 400, "found only " + cells.size() + " cell results");
    for (Path f : cells) {
      CellResult r = Results.fromJson(Files.readString(f), f.toString());
      assertEquals(f.getFileName().toString(), r.key() + ".json", f.toString());
      assertEquals(CellResult.SCHEMA, r.schema(), f.toString());
    }
  }

  @Test
  void aVersionTwoResultIsUpgradedToTheCurrentNames() throws IOException {
    Path f = committedCells().stream().filter(p -> p.toString().contains("quick-reference")).findFirst().orElseThrow();
    String text = Files.readString(f);
    JsonNode.Obj v2 = StrictJson.parse(text, f.toString()).asObject("result");
    assertEquals("rulex.result/2", v2.get("schema").asString("schema"));
    CellResult r = Results.fromJson(text, f.toString());
    assertTrue(r.config().modelConfig().has("maxPositions") || !text.contains("\"maxLength\""), r.config().modelConfig().toString());
    assertFalse(r.config().modelConfig().has("maxLength"));
    assertFalse(r.config().training().has("maxLength"));
    assertEquals(v2.get("config").asObject("config").get("training").asObject("training").get("maxLength").asInt("maxLength"),
        r.config().training().get("sequenceLength").getAsInt());
    assertTrue(Results.toJson(r).contains("\"schema\": \"rulex.result/3\""));
  }
}
