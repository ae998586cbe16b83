package org.rulex.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A process model for the tests, started with java -cp: speaks rulex.process/1 with a known
 * distribution, or breaks the protocol in one named way. Arguments: MODE TOKEN... (the vocabulary
 * it states, PAD, SOS and EOS included). Correct modes: "uniform" (every symbol and EOS equally
 * likely, like the uniform baseline) and "stop-at-once" (the stop-at-once baseline's logits,
 * normalised). Each other mode is one of the errors rulex must name.
 */
public final class FakeProcessModel {
  private FakeProcessModel() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    List<String> vocabulary = Arrays.asList(args).subList(1, args.length);
    int v = vocabulary.size();
    if (mode.equals("exit")) {
      System.err.println("fake: cannot load its weights");
      System.exit(3);
    }
    if (mode.equals("slow-handshake")) Thread.sleep(60_000);
    JsonObject hello = new JsonObject();
    hello.addProperty("protocol", mode.equals("wrong-protocol") ? "rulex.process/0" : "rulex.process/1");
    JsonArray stated = new JsonArray();
    List<String> states = mode.equals("wrong-vocabulary") ? vocabulary.subList(0, v - 1) : vocabulary;
    states.forEach(stated::add);
    hello.add("vocabulary", stated);
    hello.addProperty("maxPositions", mode.equals("short") ? 3 : 64);
    hello.addProperty("model", "fake " + mode + " 1.0");
    System.out.println(hello);
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      switch (mode) {
        case "dies" -> {
          System.err.println("fake: out of memory");
          System.exit(4);
        }
        case "not-json" -> {
          System.out.println("predicting...");
          System.out.flush();
          continue;
        }
        case "slow" -> Thread.sleep(60_000);
        default -> {}
      }
      JsonArray prefixes = JsonParser.parseString(line).getAsJsonObject().getAsJsonArray("prefixes");
      int rows = mode.equals("wrong-rows") ? prefixes.size() + 1 : prefixes.size();
      int width = mode.equals("wrong-width") ? v - 1 : v;
      StringBuilder sb = new StringBuilder("{\"logprobs\": [");
      for (int r = 0; r < rows; r++) {
        sb.append(r == 0 ? "[" : ", [");
        double[] row = row(mode, v);
        for (int t = 0; t < width; t++) {
          if (t > 0) sb.append(", ");
          // Python's json writes -Infinity and NaN as bare words; so does this fake.
          sb.append(mode.equals("nan") && t == v - 1 ? "NaN" : row[t] == Double.NEGATIVE_INFINITY ? "-Infinity" : Double.toString(row[t]));
        }
        sb.append(']');
      }
      System.out.println(sb.append("]}"));
      System.out.flush();
    }
  }

  /** Next-token log-probabilities, the same after every prefix. */
  static double[] row(String mode, int v) {
    double[] row = new double[v];
    if (mode.equals("not-normalised")) return row; // logits, not log-probabilities
    row[0] = Double.NEGATIVE_INFINITY;
    row[1] = Double.NEGATIVE_INFINITY;
    if (mode.equals("stop-at-once")) {
      // The baseline's logits: 0 for EOS, -30 for every symbol; normalised here.
      double z = Math.log(1 + (v - 3) * Math.exp(-30));
      row[2] = -z;
      for (int t = 3; t < v; t++) row[t] = -30 - z;
    } else {
      for (int t = 2; t < v; t++) row[t] = -Math.log(v - 2);
    }
    return row;
  }
}
