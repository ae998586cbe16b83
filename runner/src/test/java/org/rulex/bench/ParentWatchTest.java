package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cell process notices its sweep is gone when its standard input closes, and only then. */
class ParentWatchTest {
  @Test
  void runsWhenTheInputClosesAndNotBefore() throws IOException, InterruptedException {
    PipedOutputStream parent = new PipedOutputStream();
    PipedInputStream child = new PipedInputStream(parent);
    CountDownLatch gone = new CountDownLatch(1);
    Thread t = ParentWatch.start(child, gone::countDown);
    parent.write(1); // anything written is ignored, not taken for the end
    parent.flush();
    parent.close();
    assertTrue(gone.await(10, TimeUnit.SECONDS), "end of input means the parent is gone");
    t.join(10_000);
    assertFalse(t.isAlive());
    assertTrue(t.isDaemon(), "the watch never keeps a finished cell alive");
  }

  /**
   * In a real second JVM: when the pipe to its standard input closes, as the operating system
   * closes it when the sweep dies however it dies, the cell process stops by itself.
   */
  @Test
  void aCellProcessStopsWhenItsSweepIsGone() throws IOException, InterruptedException {
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        ParentWatchChild.class.getName());
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertEquals("watching", new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine());
      assertTrue(child.isAlive(), "alive while its parent is");
      child.getOutputStream().close();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "stopped once its input closed");
      assertEquals(3, child.exitValue());
    } finally {
      child.destroyForcibly();
    }
  }
}
