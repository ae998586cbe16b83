package org.rulex.prompt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rulex.grammar.Diagnostic;
import org.rulex.grammar.Language;

/**
 * What `rulex grammar check` says about a language's prompt sets: an OOD set with no prompt at the
 * prompt length (its rule accepts every prefix, or the rules it checks exclude every word that
 * breaks it) measures nothing, and every model would get an empty rate for it.
 */
public final class PromptSetCheck {
  private PromptSetCheck() {}

  public static List<Diagnostic> run(Language language) {
    PromptSets sets = PromptClassifier.build(language, null, 0, PromptClassifier.DEFAULT_SAMPLED);
    Path manifest = language.dir().resolve(Language.MANIFEST);
    String json;
    try {
      json = Files.readString(manifest, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Diagnostic> out = new ArrayList<>();
    for (PromptSets.OodSet o : sets.ood()) {
      if (!o.prompts().isEmpty()) continue;
      int[] at = Language.locate(json, "\"" + o.name() + "\"");
      String among = sets.enumerated() ? "no word of length " + sets.length() : "none of " + sets.candidates() + " sampled words of length " + sets.length();
      out.add(Diagnostic.warning(manifest.toString(), at[0], at[1], "prompt set " + o.name() + " is empty: " + among + " breaks " + o.breaks()
          + " while staying viable for " + String.join(" and ", o.checks()) + " (a rule that accepts every prefix cannot be broken), so no model's rule extrapolation can be measured on it"));
    }
    return out;
  }
}
