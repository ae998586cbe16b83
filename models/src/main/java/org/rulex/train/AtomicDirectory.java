package org.rulex.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.rulex.AtomicFile;

/**
 * Replaces a directory as a whole: the new content is written to a temporary sibling, flushed to
 * disk, and renamed into place, so that a reader (or a run killed at any moment) sees either the
 * old directory or the new one, never a mixture. The old one is first renamed to a ".old" sibling;
 * {@link #existing} finds it if a crash fell between the two renames. Temporary siblings, their
 * clean-up and the umask-following permissions are {@link AtomicFile}'s.
 */
final class AtomicDirectory {
  private AtomicDirectory() {}

  /** Writes the content of a directory. */
  interface Content {
    void writeTo(Path dir) throws IOException;
  }

  static void replace(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    String name = abs.getFileName().toString();
    Files.createDirectories(parent);
    AtomicFile.removeLeftovers(abs);
    Path old = parent.resolve("." + name + ".old");
    if (Files.exists(abs)) AtomicFile.deleteTree(old);
    Path tmp = AtomicFile.temporarySibling(abs, true);
    try {
      content.writeTo(tmp);
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path f : (Iterable<Path>) files::iterator) if (Files.isRegularFile(f)) sync(f);
      }
      sync(tmp);
      if (Files.exists(abs)) Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      sync(parent);
      AtomicFile.deleteTree(old);
    } finally {
      AtomicFile.deleteTree(tmp);
    }
  }

  /** The directory to read: the target, or the previous version if a replacement was cut short. */
  static Path existing(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs)) return abs;
    Path old = abs.getParent().resolve("." + abs.getFileName() + ".old");
    return Files.isDirectory(old) ? old : abs;
  }

  /**
   * Undoes a replacement cut short between its two renames (target missing, its ".old" sibling
   * there): the previous version, complete, goes back into place. Returns whether it did. Only for
   * a caller that knows nobody else is writing the target now.
   */
  static boolean restorePrevious(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path old = abs.getParent().resolve("." + abs.getFileName() + ".old");
    if (Files.exists(abs) || !Files.isDirectory(old)) return false;
    Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
    sync(abs.getParent());
    return true;
  }

  private static void sync(Path path) {
    // Directories can be opened for reading and forced on Linux; elsewhere this may fail harmlessly.
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // best effort
    }
  }
}
