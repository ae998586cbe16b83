package org.rulex.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rulex.UserError;

class StrictJsonTest {
  enum Shape {
    @SerializedName("round")
    ROUND,
    SQUARE
  }

  record Inner(int count, String label) {}

  record Outer(String name, Boolean flag, int size, double rate, long seed, List<Long> seeds,
      Map<String, Integer> weights, Inner inner, Shape shape, JsonObject extra) {}

  record Checked(int positive) {
    Checked {
      if (positive < 1) throw new UserError("positive must be at least 1, not " + positive);
    }
  }

  record FieldChecked(int other, int positive) {
    FieldChecked {
      if (positive < 1) throw new FieldError("positive", "positive must be at least 1, not " + positive);
    }
  }

  private static String error(String json, Class<? extends Record> type) {
    return assertThrows(JsonError.class, () -> StrictJson.parse(json, "f.json", type)).getMessage();
  }

  @Test
  void bindsEveryKindOfComponent() {
    Outer o = StrictJson.parse("""
        {"name": "x", "flag": true, "size": 3, "rate": 0.5, "seed": 12345678901,
         "seeds": [1, 2], "weights": {"a": 1, "b": 2}, "inner": {"count": 4, "label": null},
         "shape": "round", "extra": {"k": [1, "two"]}}
        """, "f.json", Outer.class);
    assertEquals(new Outer("x", true, 3, 0.5, 12345678901L, List.of(1L, 2L), Map.of("a", 1, "b", 2),
        new Inner(4, null), Shape.ROUND, o.extra()), o);
    assertEquals("[1,\"two\"]", o.extra().get("k").toString());
    assertEquals(List.of("a", "b"), List.copyOf(o.weights().keySet()), "maps keep the file's order");
  }

  @Test
  void missingReferenceKeysAreNullAndDefaultsFillTheRest() {
    assertNull(StrictJson.parse("{\"count\": 1}", "f.json", Inner.class).label());
    Inner d = StrictJson.parse("{\"label\": \"y\"}", "f.json", Inner.class, new Inner(7, "z"));
    assertEquals(new Inner(7, "y"), d);
  }

  /** Each mistake, and the one message that points at it. */
  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("{\"label\": \"y\"}", Inner.class, "f.json:1:1: missing key \"count\""),
        Arguments.of("{\"count\": 1,\n  \"lable\": \"y\"}", Inner.class, "f.json:2:3: unknown key \"lable\" (known keys: count, label)"),
        Arguments.of("{\"flag\": \"no\"}", Outer.class, "f.json:1:10: \"flag\" must be true or false, not the string \"no\""),
        Arguments.of("{\"count\": 16.7}", Inner.class, "f.json:1:11: \"count\" must be a whole number, not the number 16.7"),
        Arguments.of("{\"count\": \"two\"}", Inner.class, "f.json:1:11: \"count\" must be a whole number, not the string \"two\""),
        Arguments.of("{\"count\": 99999999999}", Inner.class, "f.json:1:11: \"count\" is out of range: 99999999999"),
        Arguments.of("{\"seeds\": [1, \"b\"]}", Outer.class, "f.json:1:15: \"seeds\"[1] must be a whole number, not the string \"b\""),
        Arguments.of("{\"inner\": {\"x\": 1}}", Outer.class, "f.json:1:12: unknown key \"x\" in \"inner\" (known keys: count, label)"),
        Arguments.of("{\"shape\": \"oval\"}", Outer.class, "f.json:1:11: \"shape\" must be one of \"round\", \"SQUARE\", not the string \"oval\""),
        Arguments.of("[1]", Inner.class, "f.json:1:1: the document must be an object, not a list"),
        Arguments.of("{\"positive\": 0}", Checked.class, "f.json:1:1: positive must be at least 1, not 0"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("mistakes")
  void everyMistakeIsOneMessageAtItsPlace(String json, Class<? extends Record> type, String message) {
    assertEquals(message, error(json, type));
  }

  @Test
  void aByteOrderMarkIsNotContentAndColumnsIgnoreIt() {
    assertEquals(3, StrictJson.parse("\uFEFF{\"count\": 3}", "f.json", Inner.class).count());
    assertEquals("f.json:1:11: \"count\" must be a whole number, not true", error("\uFEFF{\"count\": true}", Inner.class));
  }

  @Test
  void wholeNumbersMayBeWrittenWithAZeroFraction() {
    assertEquals(16, StrictJson.parse("{\"count\": 16.0}", "f.json", Inner.class).count());
  }

  @Test
  void truncatedFilesSaySo() {
    assertEquals("f.json:2:12: invalid JSON: file ends early (truncated?): expected ',' or '}'", error("{\"count\": 1,\n \"label\": 1", Inner.class));
    assertEquals("f.json:1:14: invalid JSON: file ends early (truncated?): a string is not closed", error("{\"label\": \"ab", Inner.class));
    assertEquals("f.json:1:1: invalid JSON: empty file: expected a JSON value", error("", Inner.class));
  }

  @Test
  void lenientSyntaxIsRejected() {
    assertTrue(error("{\"count\": 1,}", Inner.class).contains("trailing comma"));
    assertTrue(error("{count: 1}", Inner.class).contains("expected a key in double quotes"));
    assertTrue(error("{\"count\": 1} x", Inner.class).contains("after the end"));
    assertTrue(error("{\"count\": 1, \"count\": 2}", Inner.class).contains("appears twice"));
    assertTrue(error("{\"count\": NaN}", Inner.class).contains("NaN is not a JSON number"));
    assertTrue(error("{\"count\": 01}", Inner.class).contains("leading zeros"));
  }

  @Test
  void aTopLevelListIsNotARecord() {
    assertEquals("f.json:1:1: the document must be an object, not a list", error("[1]", Inner.class));
  }

  @Test
  void aConstructorsRefusalIsReportedAtTheObject() {
    assertEquals("f.json:1:1: positive must be at least 1, not 0", error("{\"positive\": 0}", Checked.class));
  }

  @Test
  void aRefusalNamingItsFieldIsReportedAtThatValue() {
    assertEquals("f.json:2:15: positive must be at least 1, not 0", error("{\"other\": 1,\n  \"positive\": 0}", FieldChecked.class));
    assertEquals("f.json:3:3: positive must be at least 1, not 0", error("{\"other\": 1,\n  \"positive\":\n  0}", FieldChecked.class));
  }

  @Test
  void gsonTreesAreLocatedByPath() {
    JsonObject o = new JsonObject();
    o.addProperty("count", "two");
    JsonError e = assertThrows(JsonError.class, () -> StrictJson.bind(StrictJson.fromGson(o, "preset quick"), Inner.class, null));
    assertEquals("preset quick ($.count): \"count\" must be a whole number, not the string \"two\"", e.getMessage());
  }

  @Test
  void stringsDecodeEscapes() {
    assertEquals("a\"b\\c\u00e9\n", StrictJson.parse("{\"count\": 1, \"label\": \"a\\\"b\\\\c\\u00e9\\n\"}", "f.json", Inner.class).label());
  }

  record Loss(double value) {}

  @Test
  void nonFiniteNumbersAreRefusedAtTheirPosition() {
    for (String w : List.of("NaN", "Infinity", "-Infinity")) {
      JsonError e = assertThrows(JsonError.class, () -> StrictJson.parse("{\n  \"value\": " + w + "\n}", "b.json", Loss.class));
      assertEquals("b.json:2:12", e.location().toString(), e.getMessage());
      assertTrue(e.getMessage().contains(w + " is not a JSON number"), e.getMessage());
    }
  }

  @Test
  void nonFiniteNumbersOnlyInASuitesUnitFiles() {
    assertTrue(Double.isNaN(StrictJson.bind(StrictJson.parseSuiteUnit("{\"value\": NaN}", "unit"), Loss.class, null).value()));
    assertEquals(Double.NEGATIVE_INFINITY, StrictJson.bind(StrictJson.parseSuiteUnit("{\"value\": -Infinity}", "unit"), Loss.class, null).value());
  }
}
