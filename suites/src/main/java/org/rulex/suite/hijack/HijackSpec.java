package org.rulex.suite.hijack;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.rulex.UserError;
import org.rulex.json.FieldError;
import org.rulex.suite.BuiltInSpec;

/**
 * A hijack suite run as data: the task (V, K, T and where the global bigram comes from), the
 * models by name, the training, the probes and the seeds. Keys left out take {@link #DEFAULTS},
 * the design of shared/SUITES.md "Suite B-HIJACK".
 *
 * @param vocabulary V, the number of tokens (for a language's bigram: its alphabet plus one boundary)
 * @param triggers K, trigger tokens per sequence
 * @param length T, tokens a training sequence feeds the model (SOS and T - 1 tokens)
 * @param models name -> model configuration (as ModelZoo reads it); the names key the units
 * @param evaluation fresh sequences for the in-context accuracy, the global loss and the attention read-outs
 */
public record HijackSpec(
    String suite,
    int vocabulary,
    int triggers,
    int length,
    Bigram bigram,
    Training training,
    Map<String, JsonObject> models,
    Probes probes,
    int evaluation,
    List<Long> seeds) {

  /**
   * Where the global bigram comes from.
   *
   * @param source "dirichlet" (rows drawn from Dirichlet(alpha) with seed) or "language" (the
   *     bigram of words of a rulex language, read one after another)
   * @param language a language name or directory, for source "language"
   * @param words how many words to count, for source "language"
   */
  public record Bigram(String source, double alpha, long seed, String language, int words) {
    public Bigram {
      if (!"dirichlet".equals(source) && !"language".equals(source))
        throw new FieldError("source", "bigram.source must be \"dirichlet\" or \"language\", not \"" + source + "\"");
      if (!(alpha > 0)) throw new FieldError("alpha", "bigram.alpha must be positive, not " + alpha);
      if ("language".equals(source) && (language == null || language.isBlank()))
        throw new FieldError("source", "bigram.source \"language\" needs bigram.language (a language name)");
      if (words < 1) throw new FieldError("words", "bigram.words must be at least 1, not " + words);
    }
  }

  /** Adam at a constant rate (no weight decay, no warm-up), fresh sequences every step. */
  public record Training(int steps, int batchSize, double learningRate, double clipNorm, int logEvery, int curveEvery) {
    public Training {
      if (steps < 1) throw new FieldError("steps", "training.steps must be at least 1, not " + steps);
      if (batchSize < 1) throw new FieldError("batchSize", "training.batchSize must be at least 1, not " + batchSize);
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new FieldError("learningRate", "training.learningRate must be positive, not " + learningRate);
      if (!(clipNorm >= 0)) throw new FieldError("clipNorm", "training.clipNorm must be at least 0, not " + clipNorm);
      if (logEvery < 1) throw new FieldError("logEvery", "training.logEvery must be at least 1, not " + logEvery);
      if (curveEvery < 1) throw new FieldError("curveEvery", "training.curveEvery must be at least 1, not " + curveEvery);
    }
  }

  /**
   * The hijack probes: every (m, n) cell at every length, perCell probes each.
   *
   * @param cells pairs [m, n]: (q, o) planted m times, (q, b*) n times
   * @param lengths probe lengths in model positions (SOS included); the first is normally T
   */
  public record Probes(int perCell, List<List<Integer>> cells, List<Integer> lengths) {
    public Probes {
      if (perCell < 1) throw new FieldError("perCell", "probes.perCell must be at least 1, not " + perCell);
      if (cells == null || cells.isEmpty()) throw new FieldError("cells", "probes.cells must list at least one [m, n]");
      for (List<Integer> c : cells)
        if (c.size() != 2 || c.get(0) < 0 || c.get(1) < 0)
          throw new FieldError("cells", "probes.cells holds pairs [m, n] of counts at least 0, not " + c);
      if (lengths == null || lengths.isEmpty()) throw new FieldError("lengths", "probes.lengths must list at least one length");
    }
  }

  /** The built-in spec, suites/hijack.json: the values of every key a spec leaves out. */
  public static final HijackSpec DEFAULTS = BuiltInSpec.read("hijack", HijackSpec.class);

  public HijackSpec {
    if (vocabulary < 2) throw new FieldError("vocabulary", "vocabulary must be at least 2, not " + vocabulary);
    if (triggers < 1 || triggers >= vocabulary)
      throw new FieldError("triggers", "triggers must be in 1.." + (vocabulary - 1) + " (fewer than the " + vocabulary + " tokens), not " + triggers);
    if (length < 3) throw new FieldError("length", "length must be at least 3, not " + length);
    if (models == null || models.isEmpty()) throw new FieldError("models", "models must name at least one model");
    for (String name : models.keySet())
      if (!name.matches("[A-Za-z0-9.-]+"))
        throw new FieldError("models", "model name \"" + name + "\" must be letters, digits, '.' and '-' (it names result files)");
    if (evaluation < 1) throw new FieldError("evaluation", "evaluation must be at least 1 sequence, not " + evaluation);
    if (seeds == null || seeds.isEmpty()) throw new FieldError("seeds", "seeds must list at least one seed");
    if (seeds.stream().distinct().count() != seeds.size()) throw new FieldError("seeds", "seeds must be distinct: " + seeds);
    if (seeds.stream().anyMatch(s -> s < 0)) throw new FieldError("seeds", "seeds must be at least 0: " + seeds);
    if (probes != null)
      for (List<Integer> c : probes.cells())
        for (int l : probes.lengths())
          if (l - 2 - 2 * (c.get(0) + c.get(1)) < 1)
            throw new UserError("a probe of length " + l + " has no room for [m, n] = " + c + " and a background");
  }
}
