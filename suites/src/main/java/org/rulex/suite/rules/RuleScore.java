package org.rulex.suite.rules;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What a model answers to test episodes, averaged over them: P(rule) and P(distractor) (label
 * probabilities at the query), r = P(rule) / (P(rule) + P(distractor)), and how often the rule's
 * label is the most probable one (accuracy, for in-distribution episodes whose answer is known).
 */
record RuleScore(int episodes, double rule, double distractor, double ratio, double argmax) {

  static RuleScore of(double[][] probabilities, List<Episode> episodes) {
    double rule = 0, distractor = 0, hits = 0;
    for (int i = 0; i < episodes.size(); i++) {
      Episode e = episodes.get(i);
      double[] p = probabilities[i];
      rule += p[e.answer()];
      if (e.distractor() >= 0) distractor += p[e.distractor()];
      int best = 0;
      for (int l = 1; l < p.length; l++) if (p[l] > p[best]) best = l;
      if (best == e.answer()) hits++;
    }
    int n = episodes.size();
    rule /= n;
    distractor /= n;
    return new RuleScore(n, rule, distractor, rule / (rule + distractor), hits / n);
  }

  JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("episodes", episodes);
    o.addProperty("pRule", rule);
    o.addProperty("pDistractor", distractor);
    o.addProperty("r", ratio);
    o.addProperty("argmaxRule", argmax);
    return o;
  }
}
