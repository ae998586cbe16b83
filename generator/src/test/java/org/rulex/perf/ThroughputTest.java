package org.rulex.perf;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The benchmarks' measuring loop on a workload of known cost. */
class ThroughputTest {

  @Test
  void countsTheOperationsTheWorkReportsAndNeverMoreCpuThanWallTime() {
    long[] calls = new long[1];
    Throughput.Figures f = Throughput.measure(0.3, () -> {
      calls[0]++;
      long x = 0;
      for (int i = 0; i < 20_000; i++) x += i * 31L ^ x;
      if (x == 42) calls[0]++; // keeps the loop
      return 3;
    });
    assertTrue(f.operations() > 0 && f.operations() % 3 == 0, "operations " + f.operations());
    assertTrue(calls[0] * 3 >= f.operations(), "warm-up calls are not counted: " + calls[0] + " calls, " + f.operations() + " operations");
    assertTrue(f.perSecond() > 0);
    assertTrue(f.warmupSeconds() >= 1.0 && f.warmupSeconds() < 16, "warm-up of at least two half-second windows: " + f.warmupSeconds());
    // one thread cannot use more CPU time than wall time passes
    if (!Double.isNaN(f.perCpuSecond())) assertTrue(f.perCpuSecond() >= 0.99 * f.perSecond(), f.toString());
  }
}
