package org.rulex.cli;

import org.rulex.RulexVersion;
import picocli.CommandLine;

/** Prints the versions a result depends on. */
final class Versions implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"rulex " + RulexVersion.VERSION, "java " + System.getProperty("java.version")};
  }
}
