package org.rulex.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * Lets a cell process die with the sweep that started it. The sweep holds the write end of the
 * child's standard input and never writes; when the sweep dies, however it dies (SIGKILL
 * included, when no shutdown hook runs), the operating system closes that pipe and the child
 * reads end-of-file. Without this a killed sweep leaves children training, and the re-run
 * starts the same cells beside them.
 */
public final class ParentWatch {
  private ParentWatch() {}

  /** Starts a daemon thread that runs {@code onParentGone} when {@code in} reaches end-of-file. */
  public static Thread start(InputStream in, Runnable onParentGone) {
    Thread t = new Thread(() -> {
      try {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
          // the sweep never writes: anything read is ignored
        }
      } catch (IOException e) {
        // a broken pipe is the parent gone too
      }
      onParentGone.run();
    }, "rulex-parent-watch");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
