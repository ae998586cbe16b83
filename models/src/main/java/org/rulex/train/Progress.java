package org.rulex.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on stderr: a redrawn one-line bar on a terminal, plain periodic lines
 * otherwise (CI logs, files).
 */
final class Progress {
  private static final long BAR_EVERY_NANOS = 200_000_000L;
  private static final long LINE_EVERY_NANOS = 15_000_000_000L;

  private final PrintStream out;
  private final boolean bar;
  private final int total;
  private final int firstStep;
  private final long start = System.nanoTime();
  private long lastPrint = start;
  private String validation = "";

  Progress(PrintStream out, int firstStep, int total) {
    this.out = out;
    this.bar = System.console() != null;
    this.firstStep = firstStep;
    this.total = total;
  }

  void stepped(int step, double loss) {
    long now = System.nanoTime();
    if (now - lastPrint < (bar ? BAR_EVERY_NANOS : LINE_EVERY_NANOS) && step != total) return;
    lastPrint = now;
    if (bar) out.print("\r" + barText(step, loss, now) + "   ");
    else out.println(lineText(step, loss, now));
    out.flush();
  }

  void validated(ValidationEvent e) {
    validation = String.format(Locale.ROOT, "  val %.4f (best %.4f at %d)", e.valLoss(), e.bestValLoss(), e.bestStep());
    if (bar) out.print("\r" + " ".repeat(100) + "\r");
    out.println(String.format(Locale.ROOT, "step %d/%d  train %.4f%s%s", e.step(), total, e.trainLoss(), validation, e.improved() ? "  *" : ""));
    out.flush();
  }

  void finished(String message) {
    if (bar) out.print("\r" + " ".repeat(100) + "\r");
    out.println(message);
    out.flush();
  }

  private String barText(int step, double loss, long now) {
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) width * step / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + lineText(step, loss, now);
  }

  private String lineText(int step, double loss, long now) {
    double seconds = (now - start) / 1e9;
    double rate = (step - firstStep) / Math.max(seconds, 1e-9);
    long eta = rate > 0 ? Math.round((total - step) / rate) : 0;
    return String.format(Locale.ROOT, "step %d/%d  loss %.4f%s  %.1f steps/s  eta %dm%02ds", step, total, loss, validation, rate, eta / 60, eta % 60);
  }
}
