package org.rulex.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict RFC 8259 JSON to a located tree: no comments, no trailing commas, no NaN, no duplicate
 * keys. Written by hand rather than through Gson because Gson's reader does not expose positions
 * and tolerates what a hand-edited configuration should not.
 */
final class JsonParser {
  private static final int MAX_DEPTH = 256;
  private static final String[] NON_FINITE = {"NaN", "Infinity", "-Infinity"};

  private final String text;
  private final String source;
  private final boolean nonFinite;
  private int pos;
  private int line = 1;
  private int lineStart;
  private int depth;

  private JsonParser(String text, String source, boolean nonFinite) {
    this.text = text;
    this.source = source;
    this.nonFinite = nonFinite;
  }

  /** @param nonFinite whether NaN, Infinity and -Infinity are read as numbers */
  static JsonNode parse(String text, String source, boolean nonFinite) {
    JsonParser p = new JsonParser(text, source, nonFinite);
    // A byte-order mark is what some Windows editors put first; it is not content.
    if (text.startsWith("\uFEFF")) p.pos = p.lineStart = 1;
    p.skipSpace();
    if (p.pos >= text.length()) throw p.error("empty file: expected a JSON value");
    JsonNode value = p.value();
    p.skipSpace();
    if (p.pos < text.length()) throw p.error("unexpected " + p.shown() + " after the end of the JSON value");
    return value;
  }

  private Location here() {
    return Location.at(source, line, pos - lineStart + 1);
  }

  private JsonError error(String reason) {
    return new JsonError(here(), "invalid JSON: " + reason);
  }

  private String shown() {
    if (pos >= text.length()) return "end of file";
    char c = text.charAt(pos);
    return c < ' ' ? String.format("character U+%04X", (int) c) : "'" + c + "'";
  }

  private JsonError truncatedOr(String expected) {
    if (pos >= text.length()) return error("file ends early (truncated?): expected " + expected);
    return error("expected " + expected + ", found " + shown());
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private JsonNode value() {
    if (pos >= text.length()) throw truncatedOr("a value");
    char c = text.charAt(pos);
    Location at = here();
    switch (c) {
      case '{':
        return object(at);
      case '[':
        return array(at);
      case '"':
        return new JsonNode.Str(at, string());
      case 't':
        word("true");
        return new JsonNode.Bool(at, true);
      case 'f':
        word("false");
        return new JsonNode.Bool(at, false);
      case 'n':
        word("null");
        return new JsonNode.Null(at);
      default:
        for (String w : NON_FINITE)
          if (text.startsWith(w, pos)) {
            if (nonFinite) {
              pos += w.length();
              return new JsonNode.NonFinite(at, Double.parseDouble(w));
            }
            // Gson and Python write these, but they are not JSON, and a NaN compares false with
            // everything: a threshold or a baseline value that is NaN would make every check pass.
            throw error(w + " is not a JSON number: a value here must be a finite number");
          }
        if (c == '-' || (c >= '0' && c <= '9')) return new JsonNode.Num(at, number());
        throw error("expected a value, found " + shown() + (Character.isLetter(c) ? " (strings need double quotes)" : ""));
    }
  }

  private void word(String w) {
    if (!text.startsWith(w, pos)) throw error("expected " + w + ", found " + shown());
    pos += w.length();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) throw error("nested more than " + MAX_DEPTH + " levels deep");
  }

  private JsonNode object(Location at) {
    enter();
    Map<String, JsonNode.Member> members = new LinkedHashMap<>();
    if (!opens('}')) {
      do {
        if (pos >= text.length() || text.charAt(pos) != '"') throw truncatedOr("a key in double quotes");
        Location keyAt = here();
        String key = string();
        if (members.containsKey(key)) throw new JsonError(keyAt, "invalid JSON: key \"" + key + "\" appears twice in this object");
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != ':') throw truncatedOr("':' after key \"" + key + "\"");
        pos++;
        skipSpace();
        members.put(key, new JsonNode.Member(key, keyAt, value()));
      } while (continues('}'));
    }
    depth--;
    return new JsonNode.Obj(at, Collections.unmodifiableMap(members));
  }

  private JsonNode array(Location at) {
    enter();
    List<JsonNode> elements = new ArrayList<>();
    if (!opens(']')) {
      do {
        elements.add(value());
      } while (continues(']'));
    }
    depth--;
    return new JsonNode.Arr(at, Collections.unmodifiableList(elements));
  }

  /** Steps over the opening bracket; true when the container is empty (and closed). */
  private boolean opens(char close) {
    pos++;
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == close) {
      pos++;
      return true;
    }
    return false;
  }

  /** After an element: true at a comma (the next element is there), false at the closing bracket. */
  private boolean continues(char close) {
    skipSpace();
    if (pos >= text.length()) throw truncatedOr("',' or '" + close + "'");
    char c = text.charAt(pos);
    if (c == close) {
      pos++;
      return false;
    }
    if (c != ',') throw error("expected ',' or '" + close + "', found " + shown());
    pos++;
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == close) throw error("trailing comma before '" + close + "'");
    return true;
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) throw error("file ends early (truncated?): a string is not closed");
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c < ' ') throw error(c == '\n' ? "a string is not closed before the end of the line" : "control character " + shown() + " inside a string");
      if (c != '\\') {
        sb.append(c);
        pos++;
        continue;
      }
      if (pos + 1 >= text.length()) {
        pos++;
        throw error("file ends early (truncated?): a string is not closed");
      }
      char e = text.charAt(pos + 1);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 6 > text.length()) throw error("file ends early (truncated?) inside a \\u escape");
          try {
            sb.append((char) Integer.parseInt(text.substring(pos + 2, pos + 6), 16));
          } catch (NumberFormatException ex) {
            throw error("\\u needs four hex digits");
          }
          pos += 4;
        }
        default -> throw error("unknown escape \\" + e + " in a string");
      }
      pos += 2;
    }
  }

  private BigDecimal number() {
    int start = pos;
    if (text.charAt(pos) == '-') pos++;
    if (pos >= text.length() || !isDigit(text.charAt(pos))) throw truncatedOr("a digit");
    if (text.charAt(pos) == '0' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))
      throw error("numbers cannot have leading zeros");
    digits();
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      if (pos >= text.length() || !isDigit(text.charAt(pos))) throw truncatedOr("a digit after '.'");
      digits();
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) pos++;
      if (pos >= text.length() || !isDigit(text.charAt(pos))) throw truncatedOr("a digit in the exponent");
      digits();
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new JsonError(Location.at(source, line, start - lineStart + 1), "invalid JSON: number out of range: " + text.substring(start, pos));
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void digits() {
    while (pos < text.length() && isDigit(text.charAt(pos))) pos++;
  }
}
