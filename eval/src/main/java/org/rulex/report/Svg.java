package org.rulex.report;

import java.util.Locale;

/** The SVG pieces rulex's inline charts are drawn with: an svg element, lines, rectangles, circles and text, text escaped. */
public final class Svg {
  private Svg() {}

  private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

  /** The i-th colour of the palette every chart draws its series in (it repeats after eight). */
  public static String color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** Opens an accessible svg of the given size; close it with {@link #end}. */
  public static String start(int width, int height, String title) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + ' ' + height
        + "\" role=\"img\" aria-label=\"" + Html.escape(title) + "\">\n";
  }

  /** Closes what {@link #start} opened. */
  public static String end() {
    return "</svg>\n";
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

  /** A rectangle; extra is further attributes ("" for none), written as given. */
  public static String rect(double x, double y, double width, double height, String fill, String extra) {
    return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s/>\n", x, y, width, height, fill,
        extra.isEmpty() ? "" : " " + extra);
  }

  /** A circle; stroke is left out when null. */
  public static String circle(double cx, double cy, double r, String fill, String stroke) {
    return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"%s/>\n", cx, cy, r, fill,
        stroke == null ? "" : " stroke=\"" + stroke + "\"");
  }

  /** A hover title for the element before it is closed: "<title>text</title>". */
  public static String title(String text) {
    return "<title>" + Html.escape(text) + "</title>";
  }
}
