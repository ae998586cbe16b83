package org.rulex.json;

/**
 * Where a JSON value stands: a file (or other source) and a 1-based line and column, or, for a
 * tree that arrived without positions (an object embedded in another document), its JSON path.
 */
public record Location(String source, int line, int column, String path) {
  /** A place in a text: line and column are 1-based. */
  public static Location at(String source, int line, int column) {
    return new Location(source, line, column, null);
  }

  /** A place known only by its path from the root, such as $.modelConfigs.lstm.layers. */
  public static Location path(String source, String path) {
    return new Location(source, 0, 0, path);
  }

  public boolean hasPosition() {
    return line > 0;
  }

  /** The same kind of location for a member of this value: only a path-located tree needs it. */
  Location member(String key) {
    return hasPosition() ? this : path(source, (path == null ? "$" : path) + "." + key);
  }

  Location element(int index) {
    return hasPosition() ? this : path(source, (path == null ? "$" : path) + "[" + index + "]");
  }

  /** file:line:col, the form editors and CI logs link to; source ($.a.b) without a position. */
  @Override
  public String toString() {
    if (hasPosition()) return source + ":" + line + ":" + column;
    return path == null ? source : source + " (" + path + ")";
  }
}
