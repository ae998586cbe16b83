package org.rulex.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.rulex.UserError;
import org.rulex.decode.DecodingSettings;
import org.rulex.evaluate.Evaluation;
import org.rulex.grammar.Language;
import org.rulex.result.CellResult;
import org.rulex.score.Accuracy;
import org.rulex.score.PromptSetScore;
import org.rulex.score.Rate;
import org.rulex.score.UniformChance;
import org.rulex.train.Checkpoint;
import org.rulex.train.TrainListener;
import org.rulex.train.Trainer;
import org.rulex.train.ValidationEvent;

/**
 * The anchor's protocol computed from a cell's own run: greedy completions, rates over finished
 * completions only, and each metric's maximum over all validation checks, taken separately
 * (../shared/REFERENCE.md). The trainer knows nothing of prompts, so training only keeps the
 * weights of every check (checks/step-N: parameters and card, no optimiser state, written by a
 * listener after the trainer wrote last/); afterwards each kept check is loaded and its prompts
 * completed greedily. A resumed cell finds the checks of its first part on disk.
 */
public final class PublishedProtocol {
  public static final String CHECKS = "checks";

  public static final String DEFINITION = "greedy completions at every validation check; rates over finished completions only "
      + "(finished: over all prompts); each metric's maximum over the checks, taken separately";

  private PublishedProtocol() {}

  /** A listener that copies the check's weights from last/ into checks/step-N. */
  public static TrainListener keepChecks(Path runDir) {
    return new TrainListener() {
      @Override
      public void validated(ValidationEvent event) {
        Path target = runDir.resolve(CHECKS).resolve(String.format(java.util.Locale.ROOT, "step-%09d", event.step()));
        try {
          Files.createDirectories(target.getParent());
          Path tmp = Files.createTempDirectory(target.getParent(), ".tmp-");
          for (String f : List.of(Checkpoint.PARAMETERS, Checkpoint.CARD))
            Files.copy(runDir.resolve(Trainer.LAST).resolve(f), tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
          // A resumed run validates a step again only if the first run died before its check was kept: replace it.
          if (Files.exists(target)) {
            for (String f : List.of(Checkpoint.PARAMETERS, Checkpoint.CARD)) Files.deleteIfExists(target.resolve(f));
            Files.delete(target);
          }
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new UserError("cannot keep the weights of check " + event.step() + " in " + target + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** Loads every kept check, completes the prompts greedily, and reads the maxima. */
  public static CellResult.PublishedProtocol evaluate(Path runDir, Language lang, Map<String, List<int[]>> prompts, IntUnaryOperator budget,
      long seed, long selectedStep, UniformChance uniform) {
    SortedMap<Long, List<PromptSetScore>> byStep = new TreeMap<>();
    Checkpoint.Expected expected = new Checkpoint.Expected(lang.vocabulary(), lang.name(), lang.grammarHash());
    for (Path check : checks(runDir)) {
      try (NDManager manager = NDManager.newBaseManager()) {
        Checkpoint.Loaded loaded = Checkpoint.load(check, manager, expected);
        byStep.put((long) loaded.card().steps(), Evaluation.run(loaded.model(), lang, List.of(), prompts, DecodingSettings.greedyOnly(), budget, seed, uniform).promptSets());
      }
    }
    return new CellResult.PublishedProtocol(DEFINITION, List.copyOf(byStep.keySet()), selectedStep, maxima(byStep, selectedStep));
  }

  static List<Path> checks(Path runDir) {
    Path dir = runDir.resolve(CHECKS);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("step-")).sorted().toList();
    } catch (IOException e) {
      throw new UserError(dir + ": cannot list the kept checks: " + e.getMessage(), e);
    }
  }

  /**
   * For every metric of every greedy prompt set, its maximum over the checks (the first step that
   * reached it) and its value at selectedStep (NaN if that step was not a check). A check whose
   * completions never finished has no finished-only rate and does not count for that metric.
   */
  static List<CellResult.ProtocolMetric> maxima(SortedMap<Long, List<PromptSetScore>> byStep, long selectedStep) {
    Map<String, Map<String, double[]>> best = new java.util.LinkedHashMap<>(); // set -> metric -> {max, step, atSelected}
    for (Map.Entry<Long, List<PromptSetScore>> e : byStep.entrySet()) {
      long step = e.getKey();
      for (PromptSetScore p : e.getValue()) {
        if (!p.isGreedy()) continue;
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        p.rules().forEach((rule, a) -> values.put(rule, finishedOnly(a)));
        if (p.brokenRuleOnCompletion() != null) values.put(p.broken() + "-on-completion", finishedOnly(p.brokenRuleOnCompletion()));
        values.put("in-language", finishedOnly(p.inLanguage()));
        values.put("finished", rate(p.finished()));
        Map<String, double[]> forSet = best.computeIfAbsent(p.name(), k -> new java.util.LinkedHashMap<>());
        values.forEach((metric, v) -> {
          double[] b = forSet.computeIfAbsent(metric, k -> new double[] {Double.NaN, -1, Double.NaN});
          if (!Double.isNaN(v) && (Double.isNaN(b[0]) || v > b[0])) {
            b[0] = v;
            b[1] = step;
          }
          if (step == selectedStep) b[2] = v;
        });
      }
    }
    List<CellResult.ProtocolMetric> out = new ArrayList<>();
    best.forEach((set, ms) -> ms.forEach((metric, b) -> out.add(new CellResult.ProtocolMetric(set, metric, b[0], (long) b[1], b[2]))));
    return out;
  }

  private static double finishedOnly(Accuracy a) {
    return a == null ? Double.NaN : rate(a.overFinishedOnly());
  }

  private static double rate(Rate r) {
    return r == null || !r.isDefined() ? Double.NaN : r.rate();
  }
}
