package org.rulex.report;

/** HTML escaping, the one place rulex's reports escape text (the renderers and {@link Svg} call it). */
public final class Html {
  private Html() {}

  /** Text safe inside an element or a double-quoted attribute. */
  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
