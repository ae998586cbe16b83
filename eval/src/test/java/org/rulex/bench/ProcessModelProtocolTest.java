package org.rulex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.DecodeState;
import org.rulex.model.ModelZoo;
import org.rulex.model.ProcessModel;
import org.rulex.model.TrainableModel;
import org.rulex.model.Uniform;

/**
 * The process protocol against {@link FakeProcessModel}, a real process: a correct model answers
 * what the in-process baseline computes, by a full pass and step by step; each way of breaking
 * the protocol is one error naming the command and what it did.
 */
class ProcessModelProtocolTest {
  static final Vocabulary AB = new Vocabulary(List.of("a", "b"));
  private static final Duration PATIENT = Duration.ofSeconds(30);

  /** The command that starts the fake in one mode, stating vocabulary v. */
  static List<String> fake(String mode, Vocabulary v) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), FakeProcessModel.class.getName(), mode));
    for (int id = 0; id < v.size(); id++) cmd.add(v.text(id));
    return cmd;
  }

  private static UserError failure(String mode, Duration timeout) {
    return assertThrows(UserError.class, () -> {
      try (ProcessModel m = ProcessModel.start(fake(mode, AB), AB, timeout); NDManager nd = NDManager.newBaseManager()) {
        m.logits(nd.create(new long[] {1, 3, 4}, new Shape(1, 3)), false);
      }
    });
  }

  private static void assertNames(UserError e, String... parts) {
    assertTrue(e.getMessage().startsWith("process model '"), e.getMessage());
    assertTrue(e.getMessage().contains(FakeProcessModel.class.getName()), "names the command: " + e.getMessage());
    for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void aUniformProcessAnswersTheUniformBaselinesDistributionByAFullPassAndStepByStep() {
    long[] ids = {1, 3, 3, 4, 2, 0, 1, 4, 3, 3, 4, 2};
    try (ProcessModel m = ProcessModel.start(fake("uniform", AB), AB, PATIENT); NDManager nd = NDManager.newBaseManager()) {
      assertEquals("fake uniform 1.0", m.version());
      assertEquals(64, m.positionCount());
      assertEquals(5, m.vocabularySize());
      TrainableModel uniform = ModelZoo.build(Uniform.Config.DEFAULTS, AB.size());
      NDArray x = nd.create(ids, new Shape(2, 6));
      NDArray got = m.logits(x, false).logSoftmax(2);
      NDArray want = uniform.logits(x, false).logSoftmax(2);
      assertEquals(new Shape(2, 6, 5), got.getShape());
      // Row 0 is live up to its EOS at position 4, row 1 throughout (it has no PAD or EOS before the end).
      for (int[] live : new int[][] {{0, 0}, {0, 3}, {1, 0}, {1, 4}}) {
        NDArray g = got.get(new NDIndex("{}, {}, 2:", live[0], live[1]));
        NDArray w = want.get(new NDIndex("{}, {}, 2:", live[0], live[1]));
        assertTrue(g.sub(w).abs().max().getFloat() < 1e-6f, "position " + live[0] + "," + live[1] + ": " + g + " vs " + w);
      }
      try (DecodeState state = m.start(nd, 2)) {
        for (int t = 0; t < 4; t++) {
          NDArray step = state.step(nd.create(new long[] {ids[t], ids[6 + t]})).logSoftmax(1);
          assertTrue(step.get(new NDIndex(":, 2:")).sub(got.get(new NDIndex(":, {}, 2:", t))).abs().max().getFloat() < 1e-6f, "step " + t);
        }
      }
    }
  }

  @Test
  void aProcessThatExitsAtOnceIsNamedWithItsStatusAndLastWords() {
    assertNames(failure("exit", PATIENT), "exited with status 3 before answering the handshake", "cannot load its weights");
  }

  @Test
  void aProcessThatDiesOnARequestIsNamed() {
    assertNames(failure("dies", PATIENT), "exited with status 4", "a request of 3 prefixes", "out of memory");
  }

  @Test
  void aLineThatIsNotJsonIsQuoted() {
    assertNames(failure("not-json", PATIENT), "not a JSON object", "\"predicting...\"", "log to standard error");
  }

  @Test
  void anotherVocabularyIsRefusedAtTheHandshake() {
    assertNames(failure("wrong-vocabulary", PATIENT), "states the vocabulary [<pad>, <sos>, <eos>, a]", "the language's is [<pad>, <sos>, <eos>, a, b]");
  }

  @Test
  void anotherProtocolVersionIsRefused() {
    assertNames(failure("wrong-protocol", PATIENT), "speaks protocol \"rulex.process/0\"", ProcessModel.PROTOCOL);
  }

  @Test
  void rowsOfTheWrongWidthOrNumberAreShapeErrors() {
    assertNames(failure("wrong-width", PATIENT), "answered 4 numbers for the prefix [1]", "the vocabulary has 5 tokens");
    assertNames(failure("wrong-rows", PATIENT), "answered 4 rows of log-probabilities to a request of 3 prefixes");
  }

  @Test
  void nanIsNamedWithItsPlace() {
    assertNames(failure("nan", PATIENT), "answered NaN at token id 4 for the prefix [1]");
  }

  @Test
  void logitsInsteadOfLogProbabilitiesAreRefused() {
    assertNames(failure("not-normalised", PATIENT), "sum to 5.0", "send log-probabilities");
  }

  @Test
  void aSlowProcessTimesOutAndIsStopped() {
    // The timeout covers the fake's handshake too, so it must exceed a JVM's start on a loaded machine;
    // the fake sleeps 60 s, far beyond it.
    long t0 = System.nanoTime();
    assertNames(failure("slow", Duration.ofSeconds(8)), "gave no answer to a request of 3 prefixes within 8 s", "timeoutSeconds");
    assertNames(failure("slow-handshake", Duration.ofSeconds(8)), "gave no answer to the handshake within 8 s");
    assertTrue(System.nanoTime() - t0 < 45e9, "nothing hangs");
  }

  @Test
  void aCommandThatCannotStartIsNamed() {
    UserError e = assertThrows(UserError.class, () -> ProcessModel.start(List.of("/no/such/program"), AB, PATIENT));
    assertTrue(e.getMessage().startsWith("process model '/no/such/program': cannot start"), e.getMessage());
  }

  @Test
  void aModelShorterThanTheLanguagesWordsIsRefusedWhenOpened() {
    ExternalModel short3 = new ExternalModel(null, null, fake("short", AB), 30);
    var lang = org.rulex.grammar.Languages.standard().get("anbn");
    UserError e = assertThrows(UserError.class, () -> short3.open("mine", lang, 1, 10));
    assertTrue(e.getMessage().contains("external model \"mine\" reads at most 3 tokens, but anbn's words have up to 10 symbols here, 11 tokens"), e.getMessage());
  }
}
