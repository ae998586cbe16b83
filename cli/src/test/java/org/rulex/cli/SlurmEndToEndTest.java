package org.rulex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Slurm end-to-end test: scripts/slurm/e2e.sh on a real single-node Slurm cluster (a sharded
 * sweep with a concurrent start on an unbuilt clone, a requeue and a cancelled shard, merged and
 * compared cell by cell with the unsharded sweep). It takes about 6 minutes on 2 loaded cores,
 * installs slurm-wlm and munge and starts daemons, so it runs only when asked for:
 * RULEX_SLURM_E2E=1, as root, on Debian. Otherwise it is skipped and says why, on the console
 * and in the test report; it never passes without running.
 */
@Tag("slurm-e2e")
class SlurmEndToEndTest {
  private static Path home() {
    return Path.of(System.getProperty("rulex.home", "..")).toAbsolutePath().normalize();
  }

  private static void runOnlyIf(boolean condition, String reason) {
    if (!condition) System.err.println("SlurmEndToEndTest skipped: " + reason);
    assumeTrue(condition, reason);
  }

  @Test
  void slurmEndToEnd_shardedSweepWithRequeueAndCancelledShardMatchesTheUnshardedOne() throws Exception {
    runOnlyIf("1".equals(System.getenv("RULEX_SLURM_E2E")),
        "set RULEX_SLURM_E2E=1 to run the Slurm end-to-end test (scripts/slurm/e2e.sh: about 6 minutes, root on Debian, installs slurm-wlm and munge)");
    runOnlyIf("root".equals(System.getProperty("user.name")), "not root: scripts/slurm/e2e.sh installs packages and starts the Slurm daemons");
    runOnlyIf(Files.isRegularFile(Path.of("/etc/debian_version")), "not Debian: scripts/slurm/local-cluster.sh installs Slurm with apt-get");
    Path script = home().resolve("scripts/slurm/e2e.sh");
    Path log = home().resolve("cli/target/slurm-e2e.log");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("RULEX_E2E_LOG", log.toString());
    Process p = pb.start();
    if (!p.waitFor(40, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      fail("scripts/slurm/e2e.sh did not finish within 40 minutes; see " + log);
    }
    assertEquals(0, p.exitValue(), "scripts/slurm/e2e.sh failed; its log: " + log);
  }
}
