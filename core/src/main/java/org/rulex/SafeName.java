package org.rulex;

import java.util.regex.Pattern;

/**
 * A name that rulex turns into a file or directory name (a language, a model, a cell key's
 * parts): a letter or digit first, then letters, digits, '.', '_' or '-', and never "..". Such a
 * name resolves to one entry inside the directory it is resolved against: it has no separator, is
 * not absolute and cannot climb out.
 */
public final class SafeName {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** What a valid name looks like, for messages. */
  public static final String RULE = "a letter or digit, then letters, digits, '.', '_' or '-', without \"..\"";

  private SafeName() {}

  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }
}
