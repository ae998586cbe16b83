package org.rulex.report;

/**
 * The verdict on a criterion of a report, spelled the same in every report: pass, fail, not run;
 * for a reference that is shown but not judged, holds or does not hold; for a paper's finding
 * judged with intervals, reproduced, refuted or inconclusive.
 */
public enum Verdict {
  PASS("pass"), FAIL("fail"), NOT_RUN("not run"), REFERENCE_HOLDS("holds (reference, not judged)"),
  REFERENCE_FAILS("does not hold (reference, not judged)"),
  /** A replication's verdict: the finding holds on the means and intervals the criterion names. */
  REPRODUCED("reproduced"),
  /** A replication's verdict: an interval lies wholly on the side of a threshold the finding excludes. */
  REFUTED("refuted"),
  /** A replication's verdict: neither, or too few runs to judge. */
  INCONCLUSIVE("inconclusive");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** The word a report prints. */
  public String label() {
    return label;
  }

  /** Whether a judged criterion held: null when the units it needs have not run. */
  public static Verdict of(Boolean pass) {
    return pass == null ? NOT_RUN : pass ? PASS : FAIL;
  }

  /** A reference figure's check, shown beside the judged ones. */
  public static Verdict reference(boolean holds) {
    return holds ? REFERENCE_HOLDS : REFERENCE_FAILS;
  }
}
