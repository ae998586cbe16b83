package org.rulex.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A renamed key is still read under its former name, with one notice a file, and never both names at once. */
class FormerKeyTest {
  record Sizes(int width, @FormerKey("maxLength") int maxPositions) {}

  /** What the supplier returns, and what it printed on stderr. */
  private record Run<T>(T value, String stderr) {}

  private static <T> Run<T> capturing(Supplier<T> body) {
    PrintStream before = System.err;
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
    try {
      return new Run<>(body.get(), sink.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(before);
    }
  }

  /** A source name no other test has used: the notice is once per source for the whole process. */
  private static String freshSource() {
    return "sizes-" + UUID.randomUUID() + ".json";
  }

  @Test
  void theCurrentKeyReadsWithoutANotice() {
    Run<Sizes> r = capturing(() -> StrictJson.parse("{\"width\": 3, \"maxPositions\": 64}", freshSource(), Sizes.class));
    assertEquals(new Sizes(3, 64), r.value());
    assertEquals("", r.stderr());
  }

  @Test
  void theFormerKeyMeansTheSameAndIsNoticedOnceAFileOnOneLine() {
    String source = freshSource();
    Run<Sizes> first = capturing(() -> StrictJson.parse("{\"width\": 3,\n \"maxLength\": 64}", source, Sizes.class));
    assertEquals(new Sizes(3, 64), first.value());
    assertEquals(1, first.stderr().lines().count(), first.stderr());
    assertTrue(first.stderr().startsWith("rulex: " + source + ":2:2: \"maxLength\" is deprecated, read as \"maxPositions\""), first.stderr());
    Run<Sizes> again = capturing(() -> StrictJson.parse("{\"width\": 4, \"maxLength\": 8}", source, Sizes.class));
    assertEquals(new Sizes(4, 8), again.value());
    assertEquals("", again.stderr(), "the same file is noticed once");
    Run<Sizes> other = capturing(() -> StrictJson.parse("{\"width\": 4, \"maxLength\": 8}", freshSource(), Sizes.class));
    assertEquals(1, other.stderr().lines().count(), "another file gets its own notice");
  }

  @Test
  void bothNamesAtOnceAreAnErrorAtTheFormerKey() {
    JsonError e = assertThrows(JsonError.class,
        () -> StrictJson.parse("{\"width\": 3,\n  \"maxPositions\": 64,\n  \"maxLength\": 64}", "both.json", Sizes.class));
    assertEquals(Location.at("both.json", 3, 3), e.location());
    assertTrue(e.getMessage().contains("both \"maxLength\" and \"maxPositions\""), e.getMessage());
  }

  @Test
  void currentKeysRenamesInPlaceAndKeepsTheOrder() {
    JsonNode.Obj o = StrictJson.parse("{\"maxLength\": 9, \"width\": 1}", freshSource()).asObject("test");
    JsonNode.Obj renamed = capturing(() -> StrictJson.currentKeys(o, Sizes.class)).value();
    assertEquals(java.util.List.of("maxPositions", "width"), java.util.List.copyOf(renamed.members().keySet()));
    assertEquals(Map.of("maxLength", "maxPositions"), StrictJson.formerKeys(Sizes.class));
  }

  @Test
  void anUnknownKeyNamesTheCurrentKeysOnly() {
    JsonError e = assertThrows(JsonError.class, () -> StrictJson.parse("{\"width\": 3, \"height\": 1}", freshSource(), Sizes.class));
    assertTrue(e.getMessage().contains("known keys: width, maxPositions"), e.getMessage());
  }
}
