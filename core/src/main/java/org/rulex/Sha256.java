package org.rulex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lowercase hex, the one content hash rulex records: dataset files and manifests,
 * grammars, checkpoint parameters.
 */
public final class Sha256 {
  private Sha256() {}

  public static String of(byte[] bytes) {
    return hex(digest().digest(bytes));
  }

  /** @throws UserError naming the file when it cannot be read */
  public static String of(Path file) {
    try {
      return of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  /** A fresh digest, for hashing several parts in turn; finish with {@link #hex(MessageDigest)}. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return hex(digest.digest());
  }

  private static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }
}
