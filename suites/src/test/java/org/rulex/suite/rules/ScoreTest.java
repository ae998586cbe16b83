package org.rulex.suite.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures of a test, against hand-computed values. */
class ScoreTest {
  private static final Tokens TOKENS = new Tokens(4, 16);

  private static Episode probe(int answer, int distractor) {
    return Episode.of(TOKENS, List.of(), new boolean[0], new Stimulus(1, 2), answer, distractor);
  }

  @Test
  void ratioIsOfTheMeansAndArgmaxCountsTheRuleWinning() {
    List<Episode> episodes = List.of(probe(1, 0), probe(1, 0), probe(2, 3));
    double[][] p = {{0.2, 0.7, 0.1, 0.0}, {0.5, 0.3, 0.1, 0.1}, {0.1, 0.1, 0.2, 0.6}};
    InContextResult.Score s = InContextResult.Score.of(p, episodes);
    double rule = (0.7 + 0.3 + 0.2) / 3, distractor = (0.2 + 0.5 + 0.6) / 3;
    assertEquals(rule, s.pRule(), 1e-12);
    assertEquals(distractor, s.pDistractor(), 1e-12);
    assertEquals(rule / (rule + distractor), s.r(), 1e-12);
    assertEquals(1.0 / 3, s.argmaxRule(), 1e-12);
    assertEquals(3, s.episodes());
    assertEquals("{\"episodes\":3,\"pRule\":" + rule + ",\"pDistractor\":" + distractor + ",\"r\":" + s.r() + ",\"argmaxRule\":" + s.argmaxRule() + "}",
        s.toJson().toString(), "a unit file's keys, in order");
  }

  @Test
  void withoutADistractorTheRatioIsOne() {
    InContextResult.Score s = InContextResult.Score.of(new double[][] {{0.1, 0.6, 0.2, 0.1}}, List.of(probe(1, -1)));
    assertEquals(0, s.pDistractor());
    assertEquals(1, s.r());
    assertEquals(1, s.argmaxRule());
  }
}
