package org.rulex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-or-nothing writes that follow the umask and clean up after a killed writer. */
class AtomicFileTest {
  @TempDir Path tmp;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesTheWholeContentAndLeavesNothingElse() throws IOException {
    Path f = tmp.resolve("sub/result.json");
    AtomicFile.write(f, "{\"a\": 1}\n");
    AtomicFile.write(f, "{\"a\": 2}\n");
    assertEquals("{\"a\": 2}\n", Files.readString(f));
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertEquals(List.of("result.json"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void outputFollowsTheUmaskLikeAnyOtherFile() throws IOException {
    if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
    Path plain = tmp.resolve("plain");
    Files.write(plain, new byte[] {1});
    Path atomic = tmp.resolve("atomic");
    AtomicFile.write(atomic, new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    Path dir = AtomicFile.temporarySibling(tmp.resolve("checkpoint"), true);
    Path plainDir = Files.createDirectory(tmp.resolve("plain-dir"));
    assertEquals(Files.getPosixFilePermissions(plainDir), Files.getPosixFilePermissions(dir));
  }

  @Test
  void leftoversOfAKilledWriterAreRemovedAndNothingElse() throws IOException {
    Path target = tmp.resolve("train.jsonl");
    Path mine = AtomicFile.temporarySibling(target, false);
    Path older = Files.writeString(tmp.resolve(".train.jsonl.12345.tmp"), "half");
    Path another = AtomicFile.temporarySibling(tmp.resolve("val.jsonl"), false);
    Files.writeString(tmp.resolve("train.jsonl.notes"), "keep");
    AtomicFile.removeLeftovers(target);
    assertFalse(Files.exists(mine));
    assertFalse(Files.exists(older));
    assertTrue(Files.exists(another), "another file's temporary is not ours to remove");
    assertEquals(List.of(another.getFileName().toString(), "train.jsonl.notes"), names());
  }
}
