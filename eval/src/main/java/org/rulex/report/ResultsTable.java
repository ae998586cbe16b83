package org.rulex.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetScore;
import org.rulex.score.UniformChance;

/**
 * The results as one tidy table (results.csv): a row per cell x prompt set x decoding x measure,
 * where a measure is a checked rule on prompt + completion, membership of prompt + completion in
 * the language ("L"), or, for OOD sets, the broken rule on the completion alone. Plain CSV
 * (RFC 4180 quoting, "." decimals, empty for a missing value), read as it is by pandas, R or a
 * spreadsheet; docs/bench.md lists the columns.
 */
public final class ResultsTable {
  public static final String FILE = "results.csv";

  /** The columns, in order. */
  public static final List<String> COLUMNS = List.of(
      "preset", "language", "model", "seed", "learned", "status", "excess_loss", "id_in_language",
      "prompt_set", "kind", "broken_rule", "measure", "decoding", "samples_per_prompt", "temperature", "budget", "prompts",
      "rate", "low", "high", "successes", "trials",
      "rate_finished_only", "low_finished_only", "high_finished_only", "successes_finished_only", "trials_finished_only",
      "chance", "chance_method",
      "checkpoint_step", "dataset_hash", "git_revision", "git_dirty", "rulex_version",
      "model_origin", "model_source", "model_sha256", "model_version");

  /** model_origin of a model the bench trained (the others: "torchscript" or "process"). */
  public static final String TRAINED_BY_THE_BENCH = "bench";

  /** The measure naming membership in the language. */
  public static final String IN_LANGUAGE = "L";

  /** The measure naming the broken rule checked on the completion alone (OOD sets). */
  public static final String BROKEN_ON_COMPLETION = "broken-on-completion";

  private ResultsTable() {}

  /** The table as CSV text, rows in cell-key order, then prompt set, decoding and measure in the cell's order. */
  public static String csv(List<CellResult> cells) {
    StringBuilder sb = new StringBuilder();
    line(sb, COLUMNS);
    for (CellResult c : cells.stream().sorted(Comparator.comparing(CellResult::key)).toList())
      for (PromptSetScore p : c.promptSets()) {
        for (Map.Entry<String, Accuracy> r : p.rules().entrySet()) line(sb, row(c, p, r.getKey(), r.getValue(), p.chance().get(r.getKey())));
        if (p.inLanguage() != null) line(sb, row(c, p, IN_LANGUAGE, p.inLanguage(), p.chance().get(UniformChance.IN_LANGUAGE)));
        if (p.brokenRuleOnCompletion() != null)
          line(sb, row(c, p, BROKEN_ON_COMPLETION, p.brokenRuleOnCompletion(), p.chance().get(UniformChance.BROKEN_ON_COMPLETION)));
      }
    return sb.toString();
  }

  private static List<String> row(CellResult c, PromptSetScore p, String measure, Accuracy a, UniformChance.Level chance) {
    var conv = c.convergence();
    List<String> v = new ArrayList<>();
    v.add(c.config().preset());
    v.add(c.config().language());
    v.add(c.config().model());
    v.add(Long.toString(c.config().seed()));
    v.add(Boolean.toString(c.learned()));
    v.add(Replication.status(c).name().toLowerCase(Locale.ROOT));
    v.add(conv == null ? null : num(conv.excessLoss()));
    v.add(conv == null ? null : num(conv.idInLanguage()));
    v.add(p.name());
    v.add(p.kind().name().toLowerCase(Locale.ROOT));
    v.add(p.broken());
    v.add(measure);
    v.add(p.isGreedy() ? "greedy" : "sampled");
    v.add(p.decoding() == null ? null : Integer.toString(p.decoding().samplesPerPrompt()));
    v.add(p.decoding() == null ? null : num(p.decoding().temperature()));
    v.add(p.decoding() == null ? null : Integer.toString(p.decoding().budget()));
    v.add(Integer.toString(p.prompts()));
    for (var r : List.of(a.overAllPrompts(), a.overFinishedOnly())) {
      v.add(r.isDefined() ? num(r.rate()) : null);
      v.add(r.isDefined() ? num(r.low()) : null);
      v.add(r.isDefined() ? num(r.high()) : null);
      v.add(Long.toString(r.successes()));
      v.add(Long.toString(r.trials()));
    }
    v.add(chance == null ? null : num(chance.overAllPrompts()));
    v.add(chance == null ? null : chance.method());
    v.add(Long.toString(c.checkpointStep()));
    v.add(c.datasetHash());
    v.add(c.gitRevision());
    v.add(Boolean.toString(!c.gitDirty().isEmpty()));
    v.add(c.versions() == null ? null : c.versions().rulex());
    var o = c.origin();
    v.add(o == null ? TRAINED_BY_THE_BENCH : o.kind());
    v.add(o == null ? null : o.file() != null ? o.file() : String.join(" ", o.command()));
    v.add(o == null ? null : o.sha256());
    v.add(o == null ? null : o.model());
    return v;
  }

  private static String num(Double x) {
    return x == null || x.isNaN() ? null : num(x.doubleValue());
  }

  /** Shortest round-trip decimal: the file holds exactly the double the result holds. */
  private static String num(double x) {
    return Double.isNaN(x) || Double.isInfinite(x) ? null : Double.toString(x);
  }

  private static void line(StringBuilder sb, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) sb.append(',');
      String s = values.get(i);
      if (s == null) continue;
      if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) sb.append('"').append(s.replace("\"", "\"\"")).append('"');
      else sb.append(s);
    }
    sb.append('\n');
  }
}
