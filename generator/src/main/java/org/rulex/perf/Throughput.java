package org.rulex.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * Operations per second of a piece of work on this thread, for the speed benchmarks. Warm-up runs
 * until the just-in-time compiler has settled: until two successive half-second windows agree
 * within 10% (at most 15 s). A fixed one-second warm-up measured the interpreter on a busy machine
 * (dyck sampling: 17k/s after 1 s, 184k/s once compiled). The figure is also given per second of
 * this thread's CPU time, which a busy machine disturbs far less than wall time.
 */
public final class Throughput {
  private Throughput() {}

  /** Operations per wall-clock second and per CPU second of the measuring thread, and how long warm-up took. */
  public record Figures(double perSecond, double perCpuSecond, long operations, double warmupSeconds) {}

  /**
   * Measures {@code work}, which does some operations and returns how many, for {@code seconds}
   * after warm-up.
   */
  public static Figures measure(double seconds, LongSupplier work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    long warmStart = System.nanoTime();
    double previous = -1;
    while (System.nanoTime() - warmStart < 15_000_000_000L) {
      double rate = window(0.5, work);
      if (previous > 0 && Math.abs(rate - previous) <= 0.1 * Math.max(rate, previous)) break;
      previous = rate;
    }
    double warmup = (System.nanoTime() - warmStart) / 1e9;
    long cpu0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
    long[] run = run(seconds, work);
    double wall = run[1] / 1e9;
    double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 : Double.NaN;
    return new Figures(run[0] / wall, cpu ? run[0] / cpuSeconds : Double.NaN, run[0], warmup);
  }

  private static double window(double seconds, LongSupplier work) {
    long[] run = run(seconds, work);
    return run[0] / (run[1] / 1e9);
  }

  /** Runs work for at least {@code seconds}: {operations, nanoseconds}. */
  private static long[] run(double seconds, LongSupplier work) {
    long ops = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now;
    do {
      ops += work.getAsLong();
      now = System.nanoTime();
    } while (now < end);
    return new long[] {ops, now - start};
  }
}
