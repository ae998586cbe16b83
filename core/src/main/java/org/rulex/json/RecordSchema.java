package org.rulex.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON Schemas (draft 2020-12) derived from the records {@link StrictJson} binds, so that a
 * schema says what the reader accepts and cannot drift from it: one property per component
 * (typed as StrictJson reads it: whole numbers as integers, enums by their names), no other
 * properties, a former key ({@link FormerKey}) as a deprecated property that may not stand beside
 * its current one, and required keys for the records read without defaults (their primitive
 * components). Each record becomes one entry of "$defs".
 */
public final class RecordSchema {
  /**
   * A component whose Java type says too little, such as a JsonObject another reader interprets
   * (a model configuration): its schema, or null for the one its type gives.
   */
  public interface Refinement {
    JsonObject schemaOf(Class<?> record, RecordComponent component, RecordSchema schemas);
  }

  private final Map<String, JsonElement> defs = new TreeMap<>();
  private final Refinement refinement;
  private final Set<Class<?>> withoutDefaults;
  private final boolean nullNumbers;

  /**
   * @param withoutDefaults records bound without defaults: their primitive components are required
   * @param nullNumbers whether null stands for a number without a value (rulex's results)
   */
  public RecordSchema(Refinement refinement, Set<Class<?>> withoutDefaults, boolean nullNumbers) {
    this.refinement = refinement;
    this.withoutDefaults = withoutDefaults;
    this.nullNumbers = nullNumbers;
  }

  /** The "$defs" name of a record: its class name inside its package, Outer.Inner. */
  public static String defName(Class<?> record) {
    String name = record.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  /** A reference to a record's definition, adding the definition on first use. */
  public JsonObject ref(Class<?> record) {
    String name = defName(record);
    if (!defs.containsKey(name)) {
      defs.put(name, new JsonObject()); // a placeholder first: records may refer to themselves
      defs.put(name, recordSchema(record, withoutDefaults.contains(record)));
    }
    return refTo(name);
  }

  /** A reference to a definition added by hand ({@link #define}). */
  public static JsonObject refTo(String defName) {
    JsonObject o = new JsonObject();
    o.addProperty("$ref", "#/$defs/" + defName);
    return o;
  }

  /** Adds a definition by hand (a union of records, say). */
  public void define(String name, JsonObject schema) {
    defs.put(name, schema);
  }

  /** A record's object schema, its properties in component order; with required keys if asked. */
  public JsonObject recordSchema(Class<?> record, boolean requirePrimitives) {
    JsonObject o = new JsonObject();
    o.addProperty("type", "object");
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    JsonArray exclusive = new JsonArray();
    for (RecordComponent c : record.getRecordComponents()) {
      JsonObject schema = refinement == null ? null : refinement.schemaOf(record, c, this);
      if (schema == null) schema = typeOf(c.getGenericType());
      properties.add(c.getName(), schema);
      if (requirePrimitives && c.getType().isPrimitive() && !(nullNumbers && c.getType() == double.class)) required.add(c.getName());
      FormerKey former = c.getAnnotation(FormerKey.class);
      if (former != null) {
        JsonObject old = schema.deepCopy();
        old.addProperty("deprecated", true);
        old.addProperty("description", "former name of \"" + c.getName() + "\"");
        properties.add(former.value(), old);
        JsonObject both = new JsonObject();
        JsonObject req = new JsonObject();
        JsonArray pair = new JsonArray();
        pair.add(former.value());
        pair.add(c.getName());
        req.add("required", pair);
        both.add("not", req);
        exclusive.add(both);
      }
    }
    o.add("properties", properties);
    o.addProperty("additionalProperties", false);
    if (!required.isEmpty()) o.add("required", required);
    if (!exclusive.isEmpty()) o.add("allOf", exclusive);
    return o;
  }

  /** The schema of a Java type as StrictJson reads it. */
  public JsonObject typeOf(Type type) {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    JsonObject o = new JsonObject();
    if (raw == String.class) return nullable(type("string"), true);
    if (raw == int.class || raw == long.class) return type("integer");
    if (raw == Integer.class || raw == Long.class) return nullable(type("integer"), true);
    if (raw == double.class) return nullable(type("number"), nullNumbers);
    if (raw == Double.class) return nullable(type("number"), true);
    if (raw == boolean.class) return type("boolean");
    if (raw == Boolean.class) return nullable(type("boolean"), true);
    if (raw.isEnum()) {
      JsonArray names = new JsonArray();
      for (Object constant : raw.getEnumConstants()) {
        String name = ((Enum<?>) constant).name();
        try {
          SerializedName sn = raw.getField(name).getAnnotation(SerializedName.class);
          if (sn != null) names.add(sn.value());
        } catch (NoSuchFieldException e) {
          throw new IllegalStateException(e);
        }
        if (!names.contains(new JsonPrimitive(name))) names.add(name);
      }
      o.add("enum", names);
      return nullable(o, true);
    }
    if (raw == List.class) {
      o = type("array");
      // A list's elements are never null: StrictJson refuses null inside a list.
      o.add("items", nonNull(typeOf(((ParameterizedType) type).getActualTypeArguments()[0])));
      return nullable(o, true);
    }
    if (raw == Map.class) {
      o = type("object");
      o.add("additionalProperties", typeOf(((ParameterizedType) type).getActualTypeArguments()[1]));
      return nullable(o, true);
    }
    if (raw == JsonObject.class) return nullable(type("object"), true);
    if (raw == JsonElement.class) return o;
    if (raw.isRecord()) return nullable(ref(raw), true);
    throw new IllegalStateException("no schema for " + type);
  }

  private static JsonObject type(String name) {
    JsonObject o = new JsonObject();
    o.addProperty("type", name);
    return o;
  }

  /** The schema without its null alternative. */
  private static JsonObject nonNull(JsonObject schema) {
    if (schema.has("type") && schema.get("type").isJsonArray()) {
      JsonObject o = schema.deepCopy();
      o.add("type", schema.getAsJsonArray("type").get(0));
      return o;
    }
    if (schema.has("anyOf") && schema.size() == 1) return schema.getAsJsonArray("anyOf").get(0).getAsJsonObject();
    return schema;
  }

  /** The schema, or null besides it. */
  public static JsonObject nullable(JsonObject schema, boolean nullable) {
    if (!nullable) return schema;
    if (schema.has("type") && schema.get("type").isJsonPrimitive()) {
      JsonArray types = new JsonArray();
      types.add(schema.get("type"));
      types.add("null");
      JsonObject o = schema.deepCopy();
      o.add("type", types);
      return o;
    }
    JsonObject o = new JsonObject();
    JsonArray any = new JsonArray();
    any.add(schema);
    any.add(type("null"));
    o.add("anyOf", any);
    return o;
  }

  /** A whole schema document: the draft, its id and title, the root, and every definition used. */
  public JsonObject document(String id, String title, JsonObject root) {
    JsonObject doc = new JsonObject();
    doc.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
    doc.addProperty("$id", id);
    doc.addProperty("title", title);
    root.entrySet().forEach(e -> doc.add(e.getKey(), e.getValue()));
    JsonObject d = new JsonObject();
    defs.forEach(d::add);
    doc.add("$defs", d);
    return doc;
  }
}
