package org.rulex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * half-written file: a temporary sibling, flushed to disk, then a rename. Every result, dataset
 * file, preset pin, baseline and checkpoint (through AtomicDirectory) rulex writes goes through
 * here. Temporary siblings are created without explicit permissions, so what rulex writes
 * follows the user's umask like any other program's output (Files.createTempFile would make
 * every output 0600).
 */
public final class AtomicFile {
  private static final String TMP = ".tmp-";

  private AtomicFile() {}

  /** @throws UserError naming the file when it cannot be written */
  public static void write(Path file, byte[] bytes) {
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = temporarySibling(target, false);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
        // On disk before the rename: after a crash the name never points at missing content.
        ch.force(true);
      }
      moveIntoPlace(tmp, target);
      tmp = null;
    } catch (IOException e) {
      throw new UserError(file + ": cannot write: " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the failure above is what the user needs to see
        }
      }
    }
  }

  public static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A new, empty temporary file or directory beside {@code target}, named .NAME.tmp-HEX so that
   * {@link #removeLeftovers} recognises it, created with the permissions the umask gives.
   */
  public static Path temporarySibling(Path target, boolean directory) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    for (int attempt = 0; ; attempt++) {
      Path tmp = abs.resolveSibling(prefix(abs) + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
      try {
        if (directory) Files.createDirectory(tmp);
        else Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) throw e;
      }
    }
  }

  /** Renames into place, atomically where the file system can. */
  public static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Deletes the temporary siblings of {@code target} that a killed writer left behind (also the
   * .NAME.DIGITS.tmp of earlier versions). Only for a caller that knows nobody else is writing
   * the same target now: the bench's directory lock, or one command writing its own output.
   */
  public static void removeLeftovers(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs.getParent())) return;
    String name = abs.getFileName().toString();
    String prefix = prefix(abs);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs.getParent(), p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) || n.matches("\\." + java.util.regex.Pattern.quote(name) + "\\.\\d+\\.tmp");
    })) {
      for (Path p : ds) deleteTree(p);
    }
  }

  /** Deletes a file or a directory with everything in it; nothing if it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    }
  }

  /** Copies a directory with everything in it (not atomically: for fixtures and scratch copies). */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }

  private static String prefix(Path abs) {
    return "." + abs.getFileName() + TMP;
  }
}
