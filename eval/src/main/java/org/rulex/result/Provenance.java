package org.rulex.result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.rulex.RulexVersion;

/** Where a result came from: the versions of rulex, DJL and Java, and the git revision. */
public final class Provenance {
  private Provenance() {}

  public static CellResult.Versions versions() {
    String djl;
    try {
      djl = ai.djl.engine.Engine.getDjlVersion();
    } catch (RuntimeException | LinkageError e) {
      djl = "unknown";
    }
    return new CellResult.Versions(RulexVersion.VERSION, djl == null ? "unknown" : djl, System.getProperty("java.version"));
  }

  /** The HEAD commit of the git checkout at dir (with "+dirty" for local changes), or "unknown". */
  public static String gitRevision(Path dir) {
    String head = git(dir, "rev-parse", "HEAD");
    if (head == null || head.isBlank()) return "unknown";
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    return status != null && !status.isBlank() ? head + "+dirty" : head;
  }

  /** The files that make the checkout dirty, one `git status --porcelain` line each (tracked files only). */
  public static java.util.List<String> gitDirty(Path dir) {
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    if (status == null || status.isBlank()) return java.util.List.of();
    return status.lines().map(String::strip).toList();
  }

  private static String git(Path dir, String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.getErrorStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
