package org.rulex.result;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.rulex.json.JsonNode;
import org.rulex.json.VersionedSchema;
import org.rulex.score.PromptSetScore;
import org.rulex.score.TokenMetrics;

/**
 * The result of one benchmark cell, (language, model, seed): what was run, on what data, with
 * which code, and what came out. Serialised by {@link Results} as versioned JSON
 * ({@value #SCHEMA}); one file per cell.
 */
public record CellResult(
    String schema,
    Config config,
    Versions versions,
    /** git revision of the rulex checkout ("+dirty" with local changes), or "unknown". */
    String gitRevision,
    /** With a dirty revision: the changed files, as `git status --porcelain` lists them. */
    List<String> gitDirty,
    /** Hash of the dataset manifest the model was trained and tested on. */
    String datasetHash,
    SampleCounts samples,
    /** How the data was split and which checkpoint was scored. */
    Selection selection,
    /** The training step whose checkpoint was scored (see selection). */
    long checkpointStep,
    TokenMetrics test,
    /** Whether the model learned its training distribution, by the preset's thresholds. */
    Convergence convergence,
    /** With a split by length: loss on words of the lengths training never saw; else null. */
    TokenMetrics heldOutLengths,
    /** How prompts were completed: decodings run, the budget rule, K, temperature. */
    EvaluationSettings evaluation,
    /** Every prompt set under every decoding run (greedy first, then sampled). */
    List<PromptSetScore> promptSets,
    List<CurvePoint> trainingCurve,
    double wallSeconds,
    /** The published protocol computed from this run's own validation checks, when the preset asks for it; else null. */
    PublishedProtocol publishedProtocol,
    /** Which of the grammar engine's answers behind the data were exact and which bounded (null in results written before it was recorded). */
    Exactness exactness,
    /** Where a model the bench did not train came from (see {@link Origin}); null for a model the bench trained. */
    Origin origin) {

  /**
   * The result format and how older versions are read. Version 3 names a model configuration's
   * positions maxPositions and training's sequence length sequenceLength (version 2 called both
   * maxLength); the step from 2 renames them inside config.modelConfig and config.training.
   */
  public static final VersionedSchema FORMAT = new VersionedSchema("rulex.result", 2, Map.of(2, CellResult::upgradeFrom2));

  public static final String SCHEMA = "rulex.result/3";

  private static JsonNode.Obj upgradeFrom2(JsonNode.Obj tree) {
    return VersionedSchema.inMember(tree, "config", config -> {
      JsonNode.Obj c = VersionedSchema.inMember(config, "modelConfig", m -> VersionedSchema.renamed(m, "maxLength", "maxPositions"));
      return VersionedSchema.inMember(c, "training", t -> VersionedSchema.renamed(t, "maxLength", "sequenceLength"));
    });
  }

  /** A cell of a model the bench trained: no origin. */
  public CellResult(String schema, Config config, Versions versions, String gitRevision, List<String> gitDirty, String datasetHash,
      SampleCounts samples, Selection selection, long checkpointStep, TokenMetrics test, Convergence convergence, TokenMetrics heldOutLengths,
      EvaluationSettings evaluation, List<PromptSetScore> promptSets, List<CurvePoint> trainingCurve, double wallSeconds,
      PublishedProtocol publishedProtocol, Exactness exactness) {
    this(schema, config, versions, gitRevision, gitDirty, datasetHash, samples, selection, checkpointStep, test, convergence, heldOutLengths,
        evaluation, promptSets, trainingCurve, wallSeconds, publishedProtocol, exactness, null);
  }

  /**
   * A model rulex did not train, as the cell found it: kind "torchscript" with the file and its
   * SHA-256, or "process" with the command as started, the protocol it spoke and the model its
   * handshake named (its "model", the process's own name and version; null when it gave none).
   */
  public record Origin(String kind, String file, String sha256, List<String> command, String protocol, String model) {
    /** One line for tables: the file and the start of its hash, or the command and the model it named. */
    public String describe() {
      return kind.equals("torchscript") ? "torchscript " + file + " sha256:" + sha256.substring(0, Math.min(12, sha256.length()))
          : "process " + String.join(" ", command) + (model == null ? "" : " (" + model + ")");
    }
  }

  public CellResult {
    promptSets = promptSets == null ? List.of() : List.copyOf(promptSets);
    trainingCurve = trainingCurve == null ? List.of() : List.copyOf(trainingCurve);
    gitDirty = gitDirty == null ? List.of() : List.copyOf(gitDirty);
  }

  /**
   * splitMode: the dataset's split ("distinct-words", "distinct-heldout", "disjoint-lengths",
   * "overlapping"); rule: how the scored checkpoint was chosen, in words.
   */
  public record Selection(String splitMode, String rule) {}

  /**
   * entropy: of the training distribution, nats per predicted token (null when not exactly
   * known); distributionLoss: the model's mean loss on distributionWords fresh draws from it;
   * excessLoss = distributionLoss - entropy; idInLanguage: sampled (or, without sampling,
   * greedy) ID completions in the language, over all prompts; learned: both within the
   * thresholds (null when a measure is missing); verdict: why, in words.
   */
  public record Convergence(
      Double entropy,
      double distributionLoss,
      int distributionWords,
      Double excessLoss,
      Double idInLanguage,
      String idInLanguageDecoding,
      double maxExcessLoss,
      double minIdInLanguage,
      Boolean learned,
      String verdict) {

    /** Judges a model by the two measures against the thresholds. */
    public static Convergence judge(Double entropy, double distributionLoss, int words, Double idInLanguage, String decoding, double maxExcess, double minId) {
      Double excess = entropy == null ? null : distributionLoss - entropy;
      Boolean learned;
      String verdict;
      if (excess == null || idInLanguage == null || idInLanguage.isNaN()) {
        learned = null;
        verdict = excess == null ? "unknown: the training distribution's entropy is not exactly known" : "unknown: no ID prompts";
      } else {
        boolean lossOk = excess <= maxExcess;
        boolean idOk = idInLanguage >= minId;
        learned = lossOk && idOk;
        verdict = learned ? "learned" : "not learned: " + (lossOk ? "" : String.format(java.util.Locale.ROOT, "excess loss %.3f > %.3f nats", excess, maxExcess))
            + (!lossOk && !idOk ? "; " : "") + (idOk ? "" : String.format(java.util.Locale.ROOT, "ID in-language %.3f < %.2f (%s)", idInLanguage, minId, decoding));
      }
      return new Convergence(entropy, distributionLoss, words, excess, idInLanguage, decoding, maxExcess, minId, learned, verdict);
    }
  }

  /**
   * decodings: "greedy", "sampled" or both; budgetRule: how the new-token budget follows from the
   * prompt (it is also recorded per prompt set); samplesPerPrompt and temperature of sampling;
   * maxSampledPrompts: cap on prompts per set under sampling (0: all).
   */
  public record EvaluationSettings(List<String> decodings, String budgetRule, int longestWord, int samplesPerPrompt, double temperature, int maxSampledPrompts) {
    /** How a cell decoded, as its result records it (the decodings run by name, K as samplesPerPrompt). */
    public static EvaluationSettings of(org.rulex.decode.DecodingSettings d, String budgetRule, int longestWord) {
      return new EvaluationSettings(d.modes(), budgetRule, longestWord, d.samples(), d.temperature(), d.maxSampledPrompts());
    }
  }

  /** What was run. modelConfig and training are the JSON objects the model zoo and trainer read. */
  public record Config(
      String language,
      List<String> languageAliases,
      String grammarHash,
      String model,
      JsonObject modelConfig,
      JsonObject training,
      long seed,
      String preset) {}

  /** The versions a result depends on. */
  public record Versions(String rulex, String djl, String java) {}

  /** Sizes of the data: train, validation and test words, and prompts per prompt set. */
  public record SampleCounts(int train, int val, int test, Map<String, Integer> prompts) {}

  /**
   * The anchor's protocol read from the same run: greedy completions at every validation check,
   * rates over finished completions only, and for each metric separately its maximum over the
   * checks (metrics may peak at different checks). definition says so in words; checkSteps are
   * the checks evaluated; selectedStep is the checkpoint rulex's own numbers are read at.
   */
  public record PublishedProtocol(String definition, List<Long> checkSteps, long selectedStep, List<ProtocolMetric> metrics) {}

  /**
   * One metric of one greedy prompt set under the published protocol: its maximum over the checks
   * and the step where it was first reached, beside its value at the selected checkpoint. metric:
   * a rule id (on prompt + completion), "R2-on-completion" style for the broken rule, "in-language"
   * (all finished-only), or "finished" (over all prompts).
   */
  public record ProtocolMetric(String promptSet, String metric, double maxOverChecks, long atStep, double atSelected) {}

  /** The maximum over checks of one metric, or null. */
  public ProtocolMetric protocolMetric(String promptSet, String metric) {
    if (publishedProtocol == null) return null;
    return publishedProtocol.metrics().stream().filter(m -> m.promptSet().equals(promptSet) && m.metric().equals(metric)).findFirst().orElse(null);
  }

  /** One validation check during training. */
  public record CurvePoint(long step, double trainLoss, double valLoss) {}

  /** The cell's key, language__model__s&lt;seed&gt;, the same as the bench's cell key and file name. */
  public String key() {
    return config.language() + "__" + config.model() + "__s" + config.seed();
  }

  /** A prompt set's greedy score by name, or null. */
  public PromptSetScore promptSet(String name) {
    return promptSet(name, true);
  }

  /** A prompt set's score under greedy (true) or sampled (false) decoding, or null. */
  public PromptSetScore promptSet(String name, boolean greedy) {
    return promptSets.stream().filter(p -> p.name().equals(name) && p.isGreedy() == greedy).findFirst().orElse(null);
  }

  /** Whether the cell's model learned its language; false also when unknown. */
  public boolean learned() {
    return convergence != null && Boolean.TRUE.equals(convergence.learned());
  }
}
