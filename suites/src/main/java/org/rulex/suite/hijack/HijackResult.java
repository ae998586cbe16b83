package org.rulex.suite.hijack;

import com.google.gson.JsonObject;
import java.util.List;
import org.rulex.model.ModelZoo;

/**
 * One hijack unit's result as its file holds it (schema {@value HijackSuite#SCHEMA}): the model
 * trained, its in-context accuracy and losses, the hijack probes, and for transformers the
 * attention read-outs. Read strictly: an unknown key or a wrong type is an error at file:line:col.
 *
 * @param config the model configuration, as the model zoo reads it
 * @param attention transformers only; null for the other architectures
 * @param ablations transformers only: every head ablated in turn, both ways; null for the other
 *     architectures and in units of schema version 2 and earlier
 */
public record HijackResult(
    String model,
    long seed,
    JsonObject config,
    long parameters,
    List<CurvePoint> curve,
    double trainSeconds,
    double inContextAccuracy,
    long inContextPositions,
    double globalLoss,
    double oracleLoss,
    long globalPositions,
    double bigramEntropy,
    List<ProbeRow> probes,
    double unitSeconds,
    Attention attention,
    List<Ablation> ablations) {

  public HijackResult {
    if (config != null) ModelZoo.fromJson(config);
  }

  /**
   * One head ablated at evaluation (layer and head from 0; kind "zero": its output removed,
   * "uniform": uniform attention over keys 0..t): in-context accuracy and global loss on the
   * evaluation sequences.
   */
  public record Ablation(int layer, int head, String kind, double inContextAccuracy, double globalLoss) {}

  /** In-context accuracy and global loss at one training step. */
  public record CurvePoint(int step, double inContextAccuracy, double globalLoss) {}

  /** One probe cell [m, n] at one length: probability and argmax shares of o and of the best bigram answer. */
  public record ProbeRow(int length, int m, int n, int probes, double pO, double pBest, double argmaxO, double argmaxBest, double balance) {}

  /** Attention shares per layer and head, and one probe's attention maps. */
  public record Attention(List<LayerShares> layers, HeatMap heatMap) {}

  /** Per head: the attention share on the previous token, on the induction target, on the trigger's induction target. */
  public record LayerShares(List<Double> previousToken, List<Double> induction, List<Double> triggerInduction) {}

  /** One probe's tokens (-1 for SOS) and its attention weights, layers x heads x query x key. */
  public record HeatMap(int m, int n, int query, int planted, int best, List<Integer> tokens, List<List<List<List<Double>>>> layers) {}
}
