package org.rulex.grammar;

import java.util.List;
import java.util.stream.Collectors;
import org.rulex.UserError;

/** A language that cannot be loaded, with every error found, each at file:line:col. */
public final class GrammarException extends UserError {
  private final List<Diagnostic> diagnostics;

  public GrammarException(List<Diagnostic> diagnostics) {
    super(diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::toString).collect(Collectors.joining("\n")));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
