package org.rulex.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.rulex.UserError;

/** Content hashes of dataset files: what a manifest records and what a run cites. */
public final class Datasets {
  private Datasets() {}

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(Path file) {
    try {
      return sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  /** The identity of a dataset: the SHA-256 of its manifest.json, which holds every other file's hash. */
  public static String sha256(Dataset dataset) {
    return dataset.manifestSha256();
  }
}
