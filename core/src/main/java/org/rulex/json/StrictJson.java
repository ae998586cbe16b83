package org.rulex.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rulex.UserError;

/**
 * The one way rulex reads a JSON file a person may have written: strict JSON into records, where
 * an unknown key, a value of the wrong type (a string for a boolean, 16.7 for a whole number), a
 * missing required value or a truncated file is a {@link JsonError} at file:line:col.
 *
 * <p>Records are bound through their components because that is what a record declares about
 * itself; the supported component types are String, int, long, double, boolean (boxed or not),
 * enums (by {@link SerializedName} or, as Gson also reads them, by constant name), List, Map with String keys, nested records
 * and Gson's JsonObject/JsonElement for parts that another reader interprets later. A missing key
 * takes the value from {@code defaults} when given, else null; a missing primitive without
 * defaults is an error. A record constructor that rejects its values with a {@link UserError} has
 * its message reported at the object's location.
 */
public final class StrictJson {
  private StrictJson() {}

  /**
   * Sources already told about a former key. Process-wide on purpose: one file is bound many times
   * (a preset's parts, once per cell), and its reader should see the notice once, not once a bind.
   */
  private static final Set<String> NOTIFIED = ConcurrentHashMap.newKeySet();

  /**
   * The object with every former key of {@code type}'s components ({@link FormerKey}) under its
   * current name, in place, so that later merges and reads see one name. A former key next to its
   * current one is an error at the former key; a former key alone is read, with a one-line
   * deprecation notice on stderr the first time its source is seen.
   */
  public static JsonNode.Obj currentKeys(JsonNode.Obj obj, Class<?> type) {
    Map<String, String> renamed = formerKeys(type);
    if (renamed.isEmpty() || obj.members().keySet().stream().noneMatch(renamed::containsKey)) return obj;
    Map<String, JsonNode.Member> out = new LinkedHashMap<>();
    for (JsonNode.Member m : obj.members().values()) {
      String current = renamed.get(m.key());
      if (current == null) {
        out.put(m.key(), m);
        continue;
      }
      if (obj.members().containsKey(current))
        throw new JsonError(m.keyAt(), "both \"" + m.key() + "\" and \"" + current + "\" given: \"" + m.key()
            + "\" is the former name of \"" + current + "\"; keep \"" + current + "\" only");
      if (NOTIFIED.add(m.keyAt().source()))
        System.err.println("rulex: " + m.keyAt() + ": \"" + m.key() + "\" is deprecated, read as \"" + current
            + "\" (docs/configuration.md lists the current names); this file may hold more former keys");
      out.put(current, new JsonNode.Member(current, m.keyAt(), m.value()));
    }
    return new JsonNode.Obj(obj.at(), Collections.unmodifiableMap(out));
  }

  /** Former key to current key, for a record type's components. */
  public static Map<String, String> formerKeys(Class<?> type) {
    Map<String, String> out = new LinkedHashMap<>();
    if (type.isRecord())
      for (RecordComponent c : type.getRecordComponents()) {
        FormerKey f = c.getAnnotation(FormerKey.class);
        if (f != null) out.put(f.value(), c.getName());
      }
    return out;
  }

  /** Parses a text into a located tree; {@code source} names it in messages (a file path). */
  public static JsonNode parse(String text, String source) {
    return JsonParser.parse(text, source, false);
  }

  /**
   * Parses a suite's unit file, rulex's own intermediate output between a unit's process and the
   * suite's report, where NaN, Infinity and -Infinity stand for a figure without a value (an
   * attention share over no position): Gson writes them so, and they are read back as doubles.
   * Nothing a person edits and nothing a gate compares is read this way: {@link #parse} refuses
   * them at file:line:col, and rulex writes null for "no value" in its other files (results,
   * model cards, baselines).
   */
  public static JsonNode parseSuiteUnit(String text, String source) {
    return JsonParser.parse(text, source, true);
  }

  /** Reads and parses a UTF-8 file; a missing or unreadable file is a {@link UserError}. */
  public static JsonNode read(Path file) {
    return parse(readText(file), file.toString());
  }

  /** Reads a file into a record (see the class comment for what is checked). */
  public static <T> T read(Path file, Class<T> type) {
    return bind(read(file), type, null);
  }

  public static <T> T read(Path file, Class<T> type, T defaults) {
    return bind(read(file), type, defaults);
  }

  public static <T> T parse(String text, String source, Class<T> type) {
    return bind(parse(text, source), type, null);
  }

  public static <T> T parse(String text, String source, Class<T> type, T defaults) {
    return bind(parse(text, source), type, defaults);
  }

  /**
   * Binds a tree to a record class; keys left out take their value from {@code defaults} (may be
   * null). The type is a Class rather than a Class of a Record so that an interface-typed record
   * class (a model configuration) can be passed; a non-record is a programming error.
   */
  public static <T> T bind(JsonNode node, Class<T> type, T defaults) {
    if (!type.isRecord()) throw new IllegalArgumentException(type + " is not a record");
    return type.cast(record(withoutSchemaReference(node), type, defaults, null, false));
  }

  /**
   * The document without its top-level "$schema" string, the key editors read to find the JSON
   * Schema a file follows (schemas/ in the repository): it says nothing to rulex.
   */
  public static JsonNode withoutSchemaReference(JsonNode node) {
    if (!(node instanceof JsonNode.Obj o)) return node;
    JsonNode.Member m = o.members().get("$schema");
    if (m == null || !(m.value() instanceof JsonNode.Str)) return node;
    Map<String, JsonNode.Member> members = new LinkedHashMap<>(o.members());
    members.remove("$schema");
    return new JsonNode.Obj(o.at(), Collections.unmodifiableMap(members));
  }

  /**
   * Binds a file rulex wrote, where null stands for a number without a value (a rate over no
   * trials): null in a double-typed component is read as NaN. Everything else is as strict as
   * {@link #bind}: every key known, every value of its type, every required key present.
   */
  public static <T> T bindNullAsNaN(JsonNode node, Class<T> type) {
    if (!type.isRecord()) throw new IllegalArgumentException(type + " is not a record");
    return type.cast(record(withoutSchemaReference(node), type, null, null, true));
  }

  /**
   * A Gson tree (one embedded in another document, so without positions) as a tree located by
   * JSON path: errors then read "source ($.layers): ...".
   */
  public static JsonNode fromGson(JsonElement e, String source) {
    return fromGson(e, Location.path(source, "$"));
  }

  /** The Gson form of a tree, for the parts that are handed on as JsonObject. */
  public static JsonElement toGson(JsonNode node) {
    if (node instanceof JsonNode.Obj o) {
      JsonObject out = new JsonObject();
      o.members().forEach((k, m) -> out.add(k, toGson(m.value())));
      return out;
    }
    if (node instanceof JsonNode.Arr a) {
      JsonArray out = new JsonArray();
      a.elements().forEach(e -> out.add(toGson(e)));
      return out;
    }
    if (node instanceof JsonNode.Str s) return new JsonPrimitive(s.value());
    if (node instanceof JsonNode.Num n) return new JsonPrimitive(n.value());
    if (node instanceof JsonNode.Bool b) return new JsonPrimitive(b.value());
    if (node instanceof JsonNode.NonFinite n) return new JsonPrimitive(n.value());
    return JsonNull.INSTANCE;
  }

  /** The text of a UTF-8 file; a missing file, unreadable file or invalid UTF-8 is a {@link UserError}. */
  public static String readText(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new UserError(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  private static JsonNode fromGson(JsonElement e, Location at) {
    if (e == null || e.isJsonNull()) return new JsonNode.Null(at);
    if (e.isJsonObject()) {
      Map<String, JsonNode.Member> members = new LinkedHashMap<>();
      for (var m : e.getAsJsonObject().entrySet()) {
        Location child = at.member(m.getKey());
        members.put(m.getKey(), new JsonNode.Member(m.getKey(), child, fromGson(m.getValue(), child)));
      }
      return new JsonNode.Obj(at, Collections.unmodifiableMap(members));
    }
    if (e.isJsonArray()) {
      List<JsonNode> elements = new ArrayList<>();
      int i = 0;
      for (JsonElement x : e.getAsJsonArray()) elements.add(fromGson(x, at.element(i++)));
      return new JsonNode.Arr(at, Collections.unmodifiableList(elements));
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) return new JsonNode.Bool(at, p.getAsBoolean());
    if (p.isNumber()) {
      try {
        return new JsonNode.Num(at, new BigDecimal(p.getAsString()));
      } catch (NumberFormatException ex) {
        throw new JsonError(at, "not a number: " + p.getAsString());
      }
    }
    return new JsonNode.Str(at, p.getAsString());
  }

  private static Object record(JsonNode node, Class<?> type, Object defaults, String what, boolean nullIsNaN) {
    if (!(node instanceof JsonNode.Obj given)) throw wrong(node, what, "an object");
    JsonNode.Obj obj = currentKeys(given, type);
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent c : components) byName.put(c.getName(), c);
    for (JsonNode.Member m : obj.members().values())
      if (!byName.containsKey(m.key()))
        throw new JsonError(m.keyAt(), "unknown key \"" + m.key() + "\"" + (what == null ? "" : " in " + what)
            + " (known keys: " + String.join(", ", byName.keySet()) + ")");
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    // Values first, in the file's order, so the first complaint is the first place in the file.
    List<String> order = new ArrayList<>(byName.keySet());
    for (JsonNode.Member m : obj.members().values()) {
      int i = order.indexOf(m.key());
      RecordComponent c = components[i];
      args[i] = value(m.value(), c.getGenericType(), defaults == null ? null : component(c, defaults), "\"" + c.getName() + "\"", nullIsNaN);
    }
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      if (obj.members().containsKey(c.getName())) continue;
      if (defaults != null) args[i] = component(c, defaults);
      else if (c.getType().isPrimitive())
        throw new JsonError(obj.at(), "missing key \"" + c.getName() + "\"" + (what == null ? "" : " in " + what));
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JsonError j) throw j;
      if (cause instanceof FieldError f) {
        JsonNode.Member m = obj.members().get(f.field());
        throw new JsonError(m != null ? m.value().at() : obj.at(), f.getMessage());
      }
      if (cause instanceof UserError || cause instanceof IllegalArgumentException)
        throw new JsonError(obj.at(), cause.getMessage());
      throw new IllegalStateException("cannot build " + type.getSimpleName(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }

  private static Object component(RecordComponent c, Object record) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object value(JsonNode node, Type type, Object defaults, String what, boolean nullIsNaN) {
    Class<?> raw = raw(type);
    if (node instanceof JsonNode.Null) {
      if (nullIsNaN && (raw == double.class || raw == Double.class)) return Double.NaN;
      if (raw.isPrimitive()) throw wrong(node, what, expected(raw));
      return raw == JsonElement.class ? JsonNull.INSTANCE : null;
    }
    if (raw == String.class) {
      if (node instanceof JsonNode.Str s) return s.value();
      throw wrong(node, what, "a string");
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      if (!(node instanceof JsonNode.Num n)) throw wrong(node, what, "a whole number");
      BigDecimal v = n.value();
      if (v.signum() != 0 && v.stripTrailingZeros().scale() > 0) throw wrong(node, what, "a whole number");
      try {
        return raw == int.class || raw == Integer.class ? (Object) v.intValueExact() : (Object) v.longValueExact();
      } catch (ArithmeticException e) {
        throw new JsonError(node.at(), what + " is out of range: " + v.toPlainString());
      }
    }
    if (raw == double.class || raw == Double.class) {
      if (node instanceof JsonNode.NonFinite n) return n.value();
      if (!(node instanceof JsonNode.Num n)) throw wrong(node, what, "a number");
      double d = n.value().doubleValue();
      if (Double.isInfinite(d)) throw new JsonError(node.at(), what + " is out of range: " + n.value());
      return d;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      if (node instanceof JsonNode.Bool b) return b.value();
      throw wrong(node, what, "true or false");
    }
    if (raw.isEnum()) return constant(node, raw, what);
    if (raw == List.class) {
      if (!(node instanceof JsonNode.Arr a)) throw wrong(node, what, "a list");
      Type element = argument(type, 0);
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < a.elements().size(); i++) {
        JsonNode e = a.elements().get(i);
        if (e instanceof JsonNode.Null) throw wrong(e, what + "[" + i + "]", "a value, not null");
        out.add(value(e, element, null, what + "[" + i + "]", nullIsNaN));
      }
      return Collections.unmodifiableList(out);
    }
    if (raw == Map.class) {
      if (!(node instanceof JsonNode.Obj o)) throw wrong(node, what, "an object");
      if (raw(argument(type, 0)) != String.class) throw new IllegalStateException("map keys must be strings: " + type);
      Type valueType = argument(type, 1);
      Map<String, Object> out = new LinkedHashMap<>();
      for (JsonNode.Member m : o.members().values())
        out.put(m.key(), value(m.value(), valueType, null, what + "." + m.key(), nullIsNaN));
      return Collections.unmodifiableMap(out);
    }
    if (raw == JsonObject.class) {
      if (!(node instanceof JsonNode.Obj)) throw wrong(node, what, "an object");
      return toGson(node);
    }
    if (raw == JsonElement.class) return toGson(node);
    if (raw.isRecord()) return record(node, raw, defaults, what, nullIsNaN);
    throw new IllegalStateException("StrictJson cannot bind " + type);
  }

  private static Object constant(JsonNode node, Class<?> type, String what) {
    List<String> names = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      try {
        SerializedName sn = type.getField(name).getAnnotation(SerializedName.class);
        if (sn != null) name = sn.value();
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(e);
      }
      names.add(name);
      // The constant's own name is accepted too, as Gson accepts it: files already written use both.
      if (node instanceof JsonNode.Str s && (s.value().equals(name) || s.value().equals(((Enum<?>) constant).name()))) return constant;
    }
    throw wrong(node, what, "one of \"" + String.join("\", \"", names) + "\"");
  }

  private static JsonError wrong(JsonNode node, String what, String expected) {
    String subject = what == null ? "the document" : what;
    return new JsonError(node.at(), subject + " must be " + expected + ", not " + node.describe());
  }

  private static String expected(Class<?> primitive) {
    if (primitive == boolean.class) return "true or false";
    if (primitive == double.class || primitive == float.class) return "a number";
    return "a whole number";
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) return c;
    if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
    throw new IllegalStateException("StrictJson cannot bind " + type);
  }

  private static Type argument(Type type, int i) {
    if (type instanceof ParameterizedType p) return p.getActualTypeArguments()[i];
    throw new IllegalStateException("StrictJson needs a parameterised type, not " + type);
  }
}
