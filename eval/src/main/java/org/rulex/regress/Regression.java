package org.rulex.regress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a checkpoint's metrics with a baseline. A metric regresses only when it got worse by
 * more than the tolerance AND the baseline value lies outside the current 95% interval, so
 * that sampling noise on a small prompt set never fails a CI job on its own.
 */
public final class Regression {
  /** The verdict on one metric. */
  public record Check(String name, double baseline, double current, Double low, Double high, double tolerance, boolean failed, String reason) {}

  private Regression() {}

  /**
   * @param rateTolerance largest allowed absolute drop of a rate (e.g. 0.05)
   * @param lossTolerance largest allowed absolute rise of a loss, in nats
   */
  public static List<Check> compare(Map<String, Metric> baseline, Map<String, Metric> current, double rateTolerance, double lossTolerance) {
    checkTolerance("rate", rateTolerance);
    checkTolerance("loss", lossTolerance);
    List<Check> out = new ArrayList<>();
    for (Metric b : baseline.values()) {
      Metric c = current.get(b.name());
      if (c == null) {
        out.add(new Check(b.name(), b.value(), Double.NaN, null, null, 0, true, "missing from this evaluation"));
        continue;
      }
      // A non-finite number compares false with everything: it must fail, never read as "no drop".
      if (!Double.isFinite(b.value())) {
        out.add(new Check(b.name(), b.value(), c.value(), c.low(), c.high(), 0, true, "the baseline's value " + b.value() + " is not a finite number: it can show nothing"));
        continue;
      }
      // The direction is rulex's (the current measurement's), never the baseline's word.
      if (b.higherIsBetter() != c.higherIsBetter()) {
        out.add(new Check(b.name(), b.value(), c.value(), c.low(), c.high(), 0, true,
            "the baseline says " + (b.higherIsBetter() ? "higher" : "lower") + " is better, but " + (c.higherIsBetter() ? "higher" : "lower") + " is"));
        continue;
      }
      if (c.higherIsBetter() && b.trials() != c.trials()) {
        out.add(new Check(b.name(), b.value(), c.value(), c.low(), c.high(), rateTolerance, true, String.format(
            "measured over %d trials now, %d in the baseline: the prompt or sample counts changed, so the two runs did not measure the same thing",
            c.trials(), b.trials())));
        continue;
      }
      if (c.higherIsBetter()) {
        double drop = b.value() - c.value();
        boolean finite = Double.isFinite(c.value());
        boolean outside = !c.hasInterval() || !Double.isFinite(c.high()) || b.value() > c.high();
        boolean failed = !finite || (drop > rateTolerance && outside);
        String reason = !finite
            ? "no value now (no trials, e.g. no finished completion): the baseline's " + String.format("%.3f", b.value()) + " is not shown to hold"
            : failed
            ? String.format("dropped by %.3f (> %.3f) and the baseline %.3f is above the 95%% interval [%.3f, %.3f]", drop, rateTolerance, b.value(), c.low() == null ? Double.NaN : c.low(), c.high() == null ? Double.NaN : c.high())
            : drop > rateTolerance ? "dropped beyond the tolerance but within the interval: noise" : "ok";
        out.add(new Check(b.name(), b.value(), c.value(), c.low(), c.high(), rateTolerance, failed, reason));
      } else {
        double rise = c.value() - b.value();
        boolean finite = Double.isFinite(c.value());
        boolean failed = !finite || rise > lossTolerance;
        out.add(new Check(b.name(), b.value(), c.value(), null, null, lossTolerance, failed,
            !finite ? "no finite value now" : failed ? String.format("rose by %.3f (> %.3f)", rise, lossTolerance) : "ok"));
      }
    }
    return out;
  }

  /** A NaN tolerance would pass every check (no comparison with NaN is true); a negative one means nothing. */
  private static void checkTolerance(String what, double tolerance) {
    if (!Double.isFinite(tolerance) || tolerance < 0)
      throw new IllegalArgumentException("the " + what + " tolerance must be a finite number at least 0, not " + tolerance);
  }

  /**
   * The whole gate: an empty baseline fails; every baseline metric is compared as in
   * {@link #compare}; and on every metric the baseline names in mustBeatBaselines, the
   * checkpoint must score strictly above each reference model (uniform, stop-at-once) measured
   * now with the same settings and code path.
   *
   * @param references reference model name to its metrics
   */
  public static List<Check> gate(Baseline baseline, Map<String, Metric> current, Map<String, Map<String, Metric>> references,
      double rateTolerance, double lossTolerance) {
    List<Check> out = new ArrayList<>();
    if (baseline.metrics().isEmpty())
      out.add(new Check("baseline/metrics", Double.NaN, current.size(), null, null, 0, true, "the baseline records no metric, so it can check nothing"));
    out.addAll(compare(baseline.metrics(), current, rateTolerance, lossTolerance));
    for (String name : baseline.mustBeatBaselines()) {
      Metric c = current.get(name);
      for (var ref : references.entrySet()) {
        Metric r = ref.getValue().get(name);
        String check = "beats-" + ref.getKey() + "/" + name;
        if (c == null || r == null) {
          out.add(new Check(check, Double.NaN, Double.NaN, null, null, 0, true, "not measured (" + (c == null ? "checkpoint" : ref.getKey()) + ")"));
          continue;
        }
        boolean beats = c.value() > r.value();
        out.add(new Check(check, r.value(), c.value(), c.low(), c.high(), 0, !beats, beats
            ? "above the " + ref.getKey() + " baseline"
            : String.format("%.4f is not above the %s baseline's %.4f: this checkpoint does no better than a model that %s", c.value(), ref.getKey(), r.value(),
                ref.getKey().equals("uniform") ? "guesses uniformly" : "stops at once")));
      }
    }
    return out;
  }

  /** The rate metrics (over all prompts) on which a checkpoint beats every reference: what a baseline makes it keep beating. */
  public static List<String> beaten(Map<String, Metric> current, Map<String, Map<String, Metric>> references) {
    List<String> out = new ArrayList<>();
    for (Metric c : current.values()) {
      if (!c.higherIsBetter() || !c.name().endsWith("/all") || Double.isNaN(c.value())) continue;
      boolean all = true;
      for (Map<String, Metric> ref : references.values()) {
        Metric r = ref.get(c.name());
        all &= r != null && !Double.isNaN(r.value()) && c.value() > r.value();
      }
      if (all) out.add(c.name());
    }
    return out;
  }

  public static boolean anyFailed(List<Check> checks) {
    return checks.stream().anyMatch(Check::failed);
  }

  /** A readable diff: one line per metric, regressions marked. */
  public static String diff(List<Check> checks) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-4s %-34s %9s %9s %9s  %-17s %s%n", "", "metric", "baseline", "current", "change", "95% interval", "verdict"));
    for (Check c : checks) {
      String interval = c.low() == null ? "" : String.format("[%.3f, %.3f]", c.low(), c.high());
      sb.append(String.format("%-4s %-34s %9.4f %9.4f %+9.4f  %-17s %s%n", c.failed() ? "FAIL" : "ok", c.name(), c.baseline(), c.current(), c.current() - c.baseline(), interval, c.reason()));
    }
    long failed = checks.stream().filter(Check::failed).count();
    sb.append(failed == 0 ? "no regression in " + checks.size() + " metrics" : failed + " of " + checks.size() + " metrics regressed");
    return sb.toString();
  }

  /** JUnit XML (one testcase per metric) that CI systems display as test results. */
  public static String junitXml(String suite, List<Check> checks) {
    long failures = checks.stream().filter(Check::failed).count();
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\">%n", xml(suite), checks.size(), failures));
    for (Check c : checks) {
      sb.append(String.format("  <testcase classname=\"%s\" name=\"%s\">", xml(suite), xml(c.name())));
      String detail = String.format("baseline %.4f, current %.4f: %s", c.baseline(), c.current(), c.reason());
      if (c.failed()) sb.append(String.format("%n    <failure message=\"%s\">%s</failure>%n  ", xml(detail), xml(detail)));
      else sb.append(String.format("<system-out>%s</system-out>", xml(detail)));
      sb.append("</testcase>\n");
    }
    sb.append("</testsuite>\n");
    return sb.toString();
  }

  /**
   * Text safe in an XML 1.0 attribute or element: markup escaped, and the characters XML 1.0 cannot
   * hold at all, even as references (control characters other than tab, LF and CR; U+FFFE, U+FFFF;
   * a lone surrogate), written as a visible \\uXXXX so that the file still parses.
   */
  static String xml(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        sb.append(c).append(s.charAt(++i));
      } else if (c == '&') sb.append("&amp;");
      else if (c == '<') sb.append("&lt;");
      else if (c == '>') sb.append("&gt;");
      else if (c == '"') sb.append("&quot;");
      else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF || Character.isSurrogate(c))
        sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.toString();
  }
}
