package org.rulex.grammar;

/** One finding about a grammar, located at file:line:col where there is a place to point at. */
public record Diagnostic(Severity severity, String file, int line, int column, String message) {
  /** How bad a finding is: errors make a language unusable, warnings do not. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public static Diagnostic error(String file, int line, int column, String message) {
    return new Diagnostic(Severity.ERROR, file, line, column, message);
  }

  public static Diagnostic warning(String file, int line, int column, String message) {
    return new Diagnostic(Severity.WARNING, file, line, column, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** file:line:col: error: message, the form editors and CI logs link to. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) sb.append(':').append(line).append(':').append(column + 1);
      sb.append(": ");
    }
    sb.append(severity == Severity.ERROR ? "error: " : "warning: ").append(message);
    return sb.toString();
  }
}
