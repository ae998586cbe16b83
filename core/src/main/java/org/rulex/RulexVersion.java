package org.rulex;

/** The rulex version recorded in manifests, model cards and results. */
public final class RulexVersion {
  public static final String VERSION = "0.1.0";

  private RulexVersion() {}
}
