package org.rulex.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A JSON value that remembers where it stands, so that every complaint about it can point there. */
public sealed interface JsonNode {
  Location at();

  /** What the value is, in a user's words, for messages ("a string", "the number 16.7"). */
  String describe();

  /** This value as an object; {@code what} names it in the error ("prompts.json's \"ood\""). */
  default Obj asObject(String what) {
    if (this instanceof Obj o) return o;
    throw new JsonError(at(), what + " must be an object, not " + describe());
  }

  default Arr asList(String what) {
    if (this instanceof Arr a) return a;
    throw new JsonError(at(), what + " must be a list, not " + describe());
  }

  default String asString(String what) {
    if (this instanceof Str s) return s.value();
    throw new JsonError(at(), what + " must be a string, not " + describe());
  }

  /** A whole number that fits an int (16.0 is one, 16.7 is not). */
  default int asInt(String what) {
    if (this instanceof Num n) {
      try {
        return n.value().intValueExact();
      } catch (ArithmeticException e) {
        // fall through: not whole, or too large
      }
    }
    throw new JsonError(at(), what + " must be a whole number, not " + describe());
  }

  /** An object; members keep the file's order, each with the location of its key. */
  record Obj(Location at, Map<String, Member> members) implements JsonNode {
    public String describe() {
      return "an object";
    }

    /** The value of a key that must be there. */
    public JsonNode get(String key) {
      Member m = members.get(key);
      if (m == null) throw new JsonError(at, "missing key \"" + key + "\"");
      return m.value();
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
   * NaN, Infinity or -Infinity, which are not JSON but which Gson writes for a figure without a
   * value; read only in a suite's unit files (see {@link StrictJson#parseSuiteUnit}).
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
