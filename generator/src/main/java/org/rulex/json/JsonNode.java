package org.rulex.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A JSON value that remembers where it stands, so that every complaint about it can point there. */
public sealed interface JsonNode {
  Location at();

  /** What the value is, in a user's words, for messages ("a string", "the number 16.7"). */
  String describe();

  /** An object; members keep the file's order, each with the location of its key. */
  record Obj(Location at, Map<String, Member> members) implements JsonNode {
    public String describe() {
      return "an object";
    }
  }

  /** One key of an object, with where the key itself stands (for "unknown key" messages). */
  record Member(String key, Location keyAt, JsonNode value) {}

  record Arr(Location at, List<JsonNode> elements) implements JsonNode {
    public String describe() {
      return "a list";
    }
  }

  record Str(Location at, String value) implements JsonNode {
    public String describe() {
      String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
      return "the string \"" + shown + "\"";
    }
  }

  record Num(Location at, BigDecimal value) implements JsonNode {
    public String describe() {
      return "the number " + value.toPlainString();
    }
  }

  /**
   * NaN, Infinity or -Infinity, which are not JSON but which Gson writes for a diverged loss; read
   * only where a file rulex wrote itself allows them (see {@link StrictJson#parseWritten}).
   */
  record NonFinite(Location at, double value) implements JsonNode {
    public String describe() {
      return String.valueOf(value);
    }
  }

  record Bool(Location at, boolean value) implements JsonNode {
    public String describe() {
      return String.valueOf(value);
    }
  }

  record Null(Location at) implements JsonNode {
    public String describe() {
      return "null";
    }
  }
}
