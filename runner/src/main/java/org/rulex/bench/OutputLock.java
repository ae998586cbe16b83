package org.rulex.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rulex.UserError;

/**
 * An exclusive lock on a results directory for the life of one sweep. Two sweeps on the same
 * directory would both see a cell unfinished and train it twice, their children writing the
 * same logs and checkpoints. The operating system releases the lock when the process dies,
 * however it dies, so a killed sweep never leaves a stale lock behind.
 */
public final class OutputLock implements AutoCloseable {
  public static final String FILE = ".rulex-bench.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws UserError when another sweep (in this or another process) holds the directory */
  public static OutputLock acquire(Path dir) {
    Path file = dir.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new UserError(dir + " is in use by another 'rulex bench'" + (holder.isEmpty() ? "" : " (" + holder + ")")
            + ": wait for it to finish, or give this one another --out");
      }
      channel.truncate(0);
      channel.write(java.nio.ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      return new OutputLock(channel, lock);
    } catch (IOException e) {
      try {
        if (channel != null) channel.close();
      } catch (IOException ignored) {
        // the failure to lock is what the user needs to see
      }
      throw new UserError(dir + ": cannot lock for the sweep: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // closing the channel releases the lock in any case
    }
  }
}
