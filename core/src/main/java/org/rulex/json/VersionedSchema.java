package org.rulex.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A file format rulex writes and reads back, named "family/N" in the file's "schema" key. When the
 * format changes, N is bumped and one upgrade step is added that turns a tree of version N - 1
 * into one of version N; reading applies every step from the file's version on, so a result
 * written by any supported version binds to today's record. Steps work on located trees, so a
 * problem left after the upgrade is still reported at the file's line and column.
 *
 * @param family the schema name without the version, e.g. "rulex.result"
 * @param oldest the oldest version still read
 * @param steps version v -> the step from v to v + 1, for every v from oldest to the current - 1
 */
public record VersionedSchema(String family, int oldest, Map<Integer, UnaryOperator<JsonNode.Obj>> steps) {
  public VersionedSchema {
    steps = Map.copyOf(steps);
    for (int v = oldest; v < oldest + steps.size(); v++)
      if (!steps.containsKey(v)) throw new IllegalArgumentException(family + ": no upgrade step from version " + v);
  }

  /** The version written today. */
  public int current() {
    return oldest + steps.size();
  }

  /** The "schema" value written today: family/current. */
  public String id() {
    return family + "/" + current();
  }

  /** Whether a schema value belongs to this family (any version). */
  public boolean names(String schema) {
    return schema != null && schema.startsWith(family + "/");
  }

  /**
   * The tree at the current version, its "schema" set to {@link #id()}.
   *
   * @throws JsonError at the "schema" value when it is missing, of another family, or a version
   *     this rulex cannot read (older than oldest, or newer than current)
   */
  public JsonNode.Obj upgrade(JsonNode.Obj tree) {
    JsonNode.Member schema = tree.members().get("schema");
    if (schema == null) throw new JsonError(tree.at(), "missing key \"schema\" (this rulex reads " + id() + ")");
    int version = version(schema.value());
    JsonNode.Obj out = tree;
    for (int v = version; v < current(); v++) out = steps.get(v).apply(out);
    return with(out, "schema", new JsonNode.Str(schema.value().at(), id()));
  }

  private int version(JsonNode value) {
    if (value instanceof JsonNode.Str s && names(s.value())) {
      try {
        int v = Integer.parseInt(s.value().substring(family.length() + 1));
        if (v >= oldest && v <= current()) return v;
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw new JsonError(value.at(), "schema " + value.describe() + " is not supported; this rulex reads " + family + "/" + oldest
        + (current() > oldest ? " to " + family + "/" + current() : ""));
  }

  /** The object with one member's value replaced (added at the end when absent). */
  public static JsonNode.Obj with(JsonNode.Obj o, String key, JsonNode value) {
    Map<String, JsonNode.Member> members = new LinkedHashMap<>(o.members());
    JsonNode.Member old = members.get(key);
    members.put(key, new JsonNode.Member(key, old == null ? value.at() : old.keyAt(), value));
    return new JsonNode.Obj(o.at(), members);
  }

  /** The object with an object-valued member changed by f; unchanged when the member is absent or not an object. */
  public static JsonNode.Obj inMember(JsonNode.Obj o, String key, UnaryOperator<JsonNode.Obj> f) {
    JsonNode.Member m = o.members().get(key);
    return m != null && m.value() instanceof JsonNode.Obj child ? with(o, key, f.apply(child)) : o;
  }

  /** The object with a key renamed in place (same position, same value); unchanged when absent. */
  public static JsonNode.Obj renamed(JsonNode.Obj o, String from, String to) {
    if (!o.members().containsKey(from)) return o;
    if (o.members().containsKey(to)) throw new JsonError(o.members().get(from).keyAt(), "both \"" + from + "\" and \"" + to + "\" given");
    Map<String, JsonNode.Member> members = new LinkedHashMap<>();
    for (JsonNode.Member m : o.members().values())
      members.put(m.key().equals(from) ? to : m.key(), m.key().equals(from) ? new JsonNode.Member(to, m.keyAt(), m.value()) : m);
    return new JsonNode.Obj(o.at(), members);
  }
}
