package org.rulex.report;

import java.util.Locale;

/** The SVG pieces rulex's inline charts are drawn with: a figure around an svg, lines and text. */
public final class Svg {
  private Svg() {}

  /** Opens a figure holding an accessible svg of the given size; close it with {@link #close}. */
  public static String open(String figureClass, int width, int height, String title) {
    return "<figure class=\"" + figureClass + "\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
        + "\" viewBox=\"0 0 " + width + ' ' + height + "\" role=\"img\" aria-label=\"" + Html.escape(title) + "\">\n";
  }

  /** Closes what {@link #open} opened, with a caption under the chart. */
  public static String close(String caption) {
    return "</svg>\n<figcaption>" + Html.escape(caption) + "</figcaption>\n</figure>\n";
  }

  /** A line; dash (an SVG stroke-dasharray) is left out when null. */
  public static String line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>\n",
        x1, y1, x2, y2, stroke, width, dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  /** Escaped text; anchor is start, middle or end. */
  public static String text(double x, double y, String anchor, int size, String fill, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>\n", x, y, anchor, size,
        fill, Html.escape(content));
  }

  /** A coordinate as the charts write it: one decimal, whatever the locale. */
  public static String coordinate(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
