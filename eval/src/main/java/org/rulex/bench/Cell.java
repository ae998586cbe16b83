package org.rulex.bench;

/** One unit of a benchmark: one model architecture trained on one language with one seed. */
public record Cell(String language, String model, long seed) implements Comparable<Cell> {
  /** A stable file-name-safe key: language__model__s<seed>. */
  public String key() {
    return key(language, model, seed);
  }

  /** The one definition of a cell key, for every place that names a cell (results included). */
  public static String key(String language, String model, long seed) {
    return language + "__" + model + "__s" + seed;
  }

  public static Cell parse(String key) {
    String[] p = key.split("__");
    if (p.length != 3 || !p[2].startsWith("s") || !org.rulex.SafeName.isValid(p[0]) || !org.rulex.SafeName.isValid(p[1]))
      throw new IllegalArgumentException("not a cell key: " + key);
    return new Cell(p[0], p[1], Long.parseLong(p[2].substring(1)));
  }

  @Override
  public int compareTo(Cell o) {
    return key().compareTo(o.key());
  }
}
