package org.rulex.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rulex.UserError;
import org.rulex.model.LinearAttentionTransformer;
import org.rulex.model.Lstm;
import org.rulex.model.Mamba;
import org.rulex.model.ModelConfig;
import org.rulex.model.Transformer;
import org.rulex.model.Xlstm;

/**
 * The eager PyTorch reference, torch_reference.py beside this class in the source tree, run as a
 * child process with Debian's python3-torch: the command line for a model configuration and its
 * figures. OpenBLAS on one thread is used when Debian's libopenblas0-pthread is installed (the
 * default reference BLAS is several times slower).
 */
public final class TorchReference {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Path OPENBLAS = Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread");

  private TorchReference() {}

  /** A finished run: the line it printed and its figures by name (tokens/s, cpu-tokens/s, completions/s, ...). */
  public record Result(String line, Map<String, Double> figures) {
    public double figure(String name) {
      Double v = figures.get(name);
      if (v == null) throw new IllegalStateException("the PyTorch reference printed no " + name + ": " + line);
      return v;
    }
  }

  /** The script in the source tree under {@code home} (the launcher's rulex.home). */
  public static Path script(Path home) {
    return home.resolve("models/src/main/java/org/rulex/perf/torch_reference.py");
  }

  /** The script's arguments that build {@code config}. */
  public static List<String> modelArguments(ModelConfig config) {
    List<String> a = new ArrayList<>();
    if (config instanceof Transformer.Config c) {
      a.addAll(List.of("--arch", "transformer", "--layers", "" + c.layers(), "--d-model", "" + c.dModel(), "--heads", "" + c.heads(),
          "--ff", "" + c.ffWidth()));
    } else if (config instanceof LinearAttentionTransformer.Config c) {
      a.addAll(List.of("--arch", "linear-attention", "--layers", "" + c.layers(), "--d-model", "" + c.dModel(), "--heads", "" + c.heads(),
          "--ff", "" + c.ffWidth()));
    } else if (config instanceof Lstm.Config c) {
      a.addAll(List.of("--arch", "lstm", "--layers", "" + c.layers(), "--d-model", "" + c.embedding(), "--hidden", "" + c.hidden()));
    } else if (config instanceof Mamba.Config c) {
      a.addAll(List.of("--arch", "mamba", "--layers", "" + c.layers(), "--d-model", "" + c.dModel(), "--d-state", "" + c.dState(),
          "--d-conv", "" + c.dConv(), "--expand", "" + c.expand()));
    } else if (config instanceof Xlstm.Config c) {
      a.addAll(List.of("--arch", "xlstm", "--layers", "" + c.blocks(), "--d-model", "" + c.embedding(), "--heads", "" + c.heads(),
          "--slstm-at", c.sLstmAt().stream().map(String::valueOf).collect(Collectors.joining(",")), "--conv-kernel", "" + c.convKernel(),
          "--ff-factor", "" + c.ffFactor()));
    } else {
      throw new UserError("no PyTorch reference for " + config.architecture());
    }
    return a;
  }

  /** The environment the reference runs with: one OpenBLAS thread, OpenBLAS itself when installed. */
  public static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OPENBLAS_NUM_THREADS", "1");
    if (Files.isDirectory(OPENBLAS)) env.put("LD_LIBRARY_PATH", OPENBLAS.toString());
    return env;
  }

  /** The full command as a shell line, to print beside a figure. */
  public static String shellLine(Path home, List<String> arguments) {
    StringBuilder b = new StringBuilder();
    environment().forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
    b.append(PYTHON).append(' ').append(home.relativize(script(home)));
    for (String arg : arguments) b.append(' ').append(arg.isEmpty() ? "''" : arg);
    return b.toString();
  }

  /** Runs the script with {@code arguments} and returns its last line's figures. */
  public static Result run(Path home, List<String> arguments) {
    Path script = script(home);
    if (!Files.isRegularFile(script)) throw new UserError("the PyTorch reference " + script + " is missing");
    if (!Files.isExecutable(Path.of(PYTHON))) throw new UserError(PYTHON + " is missing: apt-get install -y python3-torch");
    List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
    command.addAll(arguments);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(environment());
    try {
      Process p = pb.start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) lines.add(line);
      }
      int code = p.waitFor();
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      if (code != 0 || !last.startsWith("torch "))
        throw new UserError("the PyTorch reference failed (exit " + code + "): " + String.join("\n", lines)
            + (String.join("\n", lines).contains("No module named 'torch'") ? "\n(apt-get install -y python3-torch)" : ""));
      return new Result(last, figures(last));
    } catch (IOException e) {
      throw new UserError("cannot run " + PYTHON + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while running the PyTorch reference");
    }
  }

  private static final Pattern FIGURE = Pattern.compile("([a-z/-]+)=([0-9.]+)");

  static Map<String, Double> figures(String line) {
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(line);
    while (m.find()) out.put(m.group(1), Double.parseDouble(m.group(2)));
    return out;
  }

  /** x as a ratio with two decimals. */
  public static String ratio(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }
}
