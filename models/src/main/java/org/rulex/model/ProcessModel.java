package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;

/**
 * A model rulex does not hold: a command it starts that speaks the JSON-lines protocol
 * {@value #PROTOCOL} on its standard input and output (specified in docs/models.md). The process
 * states its protocol, vocabulary and longest input once; then each request is a batch of token-id
 * prefixes and each answer the next-token log-probabilities of every prefix. Anything the process
 * does wrong (it exits, prints a line that is not the expected JSON, states another vocabulary,
 * answers the wrong shape, NaN, or takes longer than the timeout) is a {@link UserError} naming the
 * command; the process is then stopped.
 */
public final class ProcessModel extends InferenceOnlyModel implements AutoCloseable {
  /** The protocol this rulex speaks; a process states it first. */
  public static final String PROTOCOL = "rulex.process/1";

  /** The most prefixes one request carries: keeps each line a few hundred kilobytes at most. */
  public static final int MAX_PREFIXES = 512;

  /** How far a row's probabilities may sum from 1 (float32 log-softmax is well within it). */
  static final double SUM_TOLERANCE = 1e-3;

  private static final int STDERR_LINES = 5;
  private static final int QUOTE = 120;

  private final String name;
  private final Process process;
  private final Writer requests;
  private final BlockingQueue<Optional<String>> answers = new LinkedBlockingQueue<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Thread stderrReader;
  private final Duration timeout;
  private String version;
  private boolean broken;

  private ProcessModel(List<String> command, Process process, Duration timeout, int vocabularySize) {
    super(vocabularySize, Integer.MAX_VALUE);
    this.name = "process model '" + String.join(" ", command) + "'";
    this.process = process;
    this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.timeout = timeout;
    Thread out = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) answers.add(Optional.of(line));
      } catch (IOException e) {
        // The pipe closed under us: the same as the end of its output.
      }
      answers.add(Optional.empty());
    }, "process-model-stdout");
    // Its stderr is its log: passed on to ours, the last lines kept for the message when it fails.
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.err.println(line);
          synchronized (stderrTail) {
            stderrTail.addLast(line);
            if (stderrTail.size() > STDERR_LINES) stderrTail.removeFirst();
          }
        }
      } catch (IOException e) {
        // As above.
      }
    }, "process-model-stderr");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
    this.stderrReader = err;
  }

  /**
   * Starts the command (no shell: the first element is the program) in the working directory and
   * reads its handshake.
   *
   * @param timeout how long rulex waits for any one line, the handshake included
   * @throws UserError naming the command when it cannot start, or its handshake is not
   *     {@value #PROTOCOL} with exactly this vocabulary in this order
   */
  public static ProcessModel start(List<String> command, Vocabulary vocabulary, Duration timeout) {
    if (command.isEmpty()) throw new UserError("a process model needs a command");
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new UserError("process model '" + String.join(" ", command) + "': cannot start: " + e.getMessage(), e);
    }
    ProcessModel m = new ProcessModel(command, p, timeout, vocabulary.size());
    try {
      m.handshake(vocabulary);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  private void handshake(Vocabulary vocabulary) {
    JsonObject h = object(receive("the handshake"), "the handshake");
    JsonElement protocol = h.get("protocol");
    if (protocol == null || !protocol.isJsonPrimitive())
      throw fail("its first line must be the handshake {\"protocol\": \"" + PROTOCOL + "\", \"vocabulary\": [...], ...}, not " + quote(h.toString()));
    if (!PROTOCOL.equals(protocol.getAsString()))
      throw fail("speaks protocol " + quote(protocol.getAsString()) + "; this rulex speaks " + PROTOCOL);
    List<String> expected = new ArrayList<>();
    for (int id = 0; id < vocabulary.size(); id++) expected.add(vocabulary.text(id));
    List<String> stated = new ArrayList<>();
    JsonElement v = h.get("vocabulary");
    if (v == null || !v.isJsonArray()) throw fail("its handshake has no \"vocabulary\" array; the language's is " + expected);
    for (JsonElement e : v.getAsJsonArray()) stated.add(e.isJsonPrimitive() ? e.getAsString() : e.toString());
    if (!stated.equals(expected))
      throw fail("states the vocabulary " + stated + ", but the language's is " + expected + " (ids in this order)");
    JsonElement mp = h.get("maxPositions");
    if (mp != null && !mp.isJsonNull()) {
      int n;
      try {
        n = mp.getAsInt();
        if (n < 2 || mp.getAsDouble() != n) throw new NumberFormatException();
      } catch (RuntimeException e) {
        throw fail("\"maxPositions\" must be a whole number of tokens, at least 2 (SOS and one more), or null; not " + mp);
      }
      maxPositions = n;
    }
    JsonElement model = h.get("model");
    version = model == null || model.isJsonNull() ? null : model.isJsonPrimitive() ? model.getAsString() : model.toString();
  }

  /** What the process says it is (the handshake's "model"), or null. */
  public String version() {
    return version;
  }

  /**
   * The next-token log-probabilities after each prefix: SOS first, then alphabet symbols (never
   * PAD or EOS), each at most {@link #positionCount()} long. One row of V a prefix.
   */
  public float[][] nextLogProbabilities(List<long[]> prefixes) {
    float[][] out = new float[prefixes.size()][];
    for (int from = 0; from < prefixes.size(); from += MAX_PREFIXES) {
      List<long[]> chunk = prefixes.subList(from, Math.min(prefixes.size(), from + MAX_PREFIXES));
      float[][] rows = ask(chunk);
      System.arraycopy(rows, 0, out, from, rows.length);
    }
    return out;
  }

  private float[][] ask(List<long[]> prefixes) {
    if (broken) throw new IllegalStateException(name + " failed before; start it again");
    JsonArray list = new JsonArray();
    for (long[] p : prefixes) {
      if (p.length == 0 || p[0] != Vocabulary.SOS || p.length > maxPositions)
        throw new IllegalArgumentException("a prefix is SOS and at most " + maxPositions + " tokens, not " + Arrays.toString(p));
      JsonArray ids = new JsonArray();
      for (long id : p) ids.add(id);
      list.add(ids);
    }
    JsonObject request = new JsonObject();
    request.add("prefixes", list);
    String what = "a request of " + prefixes.size() + " prefix" + (prefixes.size() == 1 ? "" : "es");
    try {
      requests.write(request + "\n");
      requests.flush();
    } catch (IOException e) {
      throw fail(exited("before " + what));
    }
    JsonObject answer = object(receive(what), what);
    JsonElement lp = answer.get("logprobs");
    if (lp == null || !lp.isJsonArray()) throw fail("answered " + what + " without a \"logprobs\" array: " + quote(answer.toString()));
    JsonArray rows = lp.getAsJsonArray();
    if (rows.size() != prefixes.size()) throw fail("answered " + rows.size() + " rows of log-probabilities to " + what);
    float[][] out = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) out[i] = row(rows.get(i), prefixes.get(i));
    return out;
  }

  /** One answered row as logits: checked for its width, NaN and normalisation; -Infinity (probability 0) becomes a large negative logit. */
  private float[] row(JsonElement e, long[] prefix) {
    String of = " for the prefix " + Arrays.toString(prefix);
    if (!e.isJsonArray() || e.getAsJsonArray().size() != vocabularySize)
      throw fail("answered " + (e.isJsonArray() ? e.getAsJsonArray().size() + " numbers" : quote(e.toString())) + of + "; the vocabulary has "
          + vocabularySize + " tokens, one log-probability each");
    float[] row = new float[vocabularySize];
    double max = Double.NEGATIVE_INFINITY;
    double[] x = new double[vocabularySize];
    for (int t = 0; t < vocabularySize; t++) {
      JsonElement v = e.getAsJsonArray().get(t);
      try {
        if (!(v instanceof JsonPrimitive p) || p.isBoolean()) throw new NumberFormatException();
        x[t] = p.getAsDouble();
      } catch (RuntimeException notNumber) {
        throw fail("answered " + quote(v.toString()) + " at token id " + t + of + ", not a number");
      }
      if (Double.isNaN(x[t])) throw fail("answered NaN at token id " + t + of);
      if (x[t] == Double.POSITIVE_INFINITY || x[t] > SUM_TOLERANCE) throw fail("answered " + x[t] + " at token id " + t + of + ": a log-probability is at most 0");
      max = Math.max(max, x[t]);
    }
    double sum = 0;
    for (double v : x) sum += Math.exp(v);
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE))
      throw fail("answered probabilities that sum to " + sum + of + ", not 1: send log-probabilities (log_softmax of the logits)");
    for (int t = 0; t < vocabularySize; t++) row[t] = x[t] == Double.NEGATIVE_INFINITY ? Layer.NEGATIVE : (float) x[t];
    return row;
  }

  /**
   * Logits [B, T, V] as log-probabilities: every position whose prefix is SOS and symbols is
   * asked (each distinct prefix once); positions at or after a PAD or EOS are never read by
   * rulex and are left 0.
   */
  @Override
  public NDArray logits(NDArray ids, boolean training) {
    checkInference(ids, training, "a process model");
    int b = Math.toIntExact(ids.getShape().get(0));
    int t = Math.toIntExact(ids.getShape().get(1));
    long[] flat = ids.toLongArray();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<long[]> prefixes = new ArrayList<>();
    int[] rowOf = new int[b * t];
    Arrays.fill(rowOf, -1);
    for (int r = 0; r < b; r++)
      for (int p = 0; p < t && live(flat, r * t, p); p++) {
        long[] prefix = Arrays.copyOfRange(flat, r * t, r * t + p + 1);
        rowOf[r * t + p] = index.computeIfAbsent(Arrays.toString(prefix), k -> {
          prefixes.add(prefix);
          return prefixes.size() - 1;
        });
      }
    float[][] answered = nextLogProbabilities(prefixes);
    float[] out = new float[b * t * vocabularySize];
    for (int i = 0; i < b * t; i++) if (rowOf[i] >= 0) System.arraycopy(answered[rowOf[i]], 0, out, i * vocabularySize, vocabularySize);
    return ids.getManager().create(out, new Shape(b, t, vocabularySize));
  }

  /** Whether the prefix ending at position p of the row starting at offset is SOS and symbols only. */
  private static boolean live(long[] tokens, int offset, int p) {
    if (tokens[offset] != Vocabulary.SOS) return false;
    return p == 0 || tokens[offset + p] >= Vocabulary.FIRST_SYMBOL;
  }

  /** Decoding sends each step only the prefixes still being decoded: one line a step. */
  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new IncrementalState(manager, batch) {
      private final long[][] fed = new long[batch][0];
      private final boolean[] over = new boolean[batch];

      @Override
      NDArray advance(NDArray ids, int position) {
        long[] next = ids.toLongArray();
        List<long[]> asked = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < batch; r++) {
          fed[r] = Arrays.copyOf(fed[r], position + 1);
          fed[r][position] = next[r];
          // A row that has ended (EOS fed) is fed on but never read.
          if (position == 0 ? next[r] != Vocabulary.SOS : next[r] < Vocabulary.FIRST_SYMBOL) over[r] = true;
          if (!over[r]) {
            asked.add(fed[r]);
            rows.add(r);
          }
        }
        float[][] answered = nextLogProbabilities(asked);
        float[] out = new float[batch * vocabularySize];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(answered[i], 0, out, rows.get(i) * vocabularySize, vocabularySize);
        return ids.getManager().create(out, new Shape(batch, vocabularySize));
      }
    };
  }

  private String receive(String what) {
    Optional<String> line;
    try {
      line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted while waiting for " + what);
    }
    if (line == null)
      throw fail("gave no answer to " + what + " within " + timeout.toSeconds() + " s (the preset's \"timeoutSeconds\" sets how long rulex waits)");
    if (line.isEmpty()) throw fail(exited("before answering " + what));
    return line.get();
  }

  private JsonObject object(String line, String what) {
    JsonElement e;
    try {
      e = JsonParser.parseString(line);
    } catch (RuntimeException notJson) {
      e = null;
    }
    if (e == null || !e.isJsonObject())
      throw fail("printed a line that is not a JSON object in answer to " + what + ": " + quote(line)
          + " (standard output carries the protocol only; log to standard error)");
    return e.getAsJsonObject();
  }

  private String exited(String when) {
    String status;
    try {
      status = process.waitFor(2, TimeUnit.SECONDS) ? "exited with status " + process.exitValue() : "closed its output";
      stderrReader.join(1000); // its last words, before they are quoted
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = "closed its output";
    }
    String last;
    synchronized (stderrTail) {
      last = stderrTail.isEmpty() ? "" : "; its last line on standard error: " + quote(stderrTail.peekLast());
    }
    return status + " " + when + last;
  }

  private UserError fail(String what) {
    broken = true;
    process.destroyForcibly();
    return new UserError(name + ": " + what);
  }

  private static String quote(String s) {
    String one = s.replace("\n", " ").replace("\r", " ");
    return "\"" + (one.length() > QUOTE ? one.substring(0, QUOTE) + "..." : one) + "\"";
  }

  /** Closes its input (a process of the protocol then exits), waits a little, then stops it. */
  @Override
  public void close() {
    try {
      requests.close();
    } catch (IOException e) {
      // Already gone.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
