package org.rulex.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rulex.SequenceLength;
import org.rulex.Sha256;
import org.rulex.UserError;
import org.rulex.grammar.Language;
import org.rulex.grammar.Languages;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.model.LanguageModel;
import org.rulex.model.ProcessModel;
import org.rulex.model.TorchScriptModel;
import org.rulex.result.CellResult;

/**
 * A model the bench does not train, named in a preset's "externalModels": a TorchScript file
 * (the contract of {@code rulex eval --model torchscript:FILE}) or a command speaking the process
 * protocol {@value ProcessModel#PROTOCOL} (docs/models.md). Its cells are measured exactly as a
 * trained model's are, from the moment the model is open. In the path and in each element of the
 * command, {language} and {seed} stand for the cell's language and seed, so that a model trained
 * per language and seed is found; relative paths are read from the working directory.
 *
 * @param torchscript a TorchScript file (path pattern), or null for a process model
 * @param maxPositions the longest input the TorchScript file accepts, in tokens with SOS (null:
 *     any); a process model states its own
 * @param command the process model's command, program first (no shell), or null
 * @param timeoutSeconds how long rulex waits for any one line of a process model (null: {@value #DEFAULT_TIMEOUT_SECONDS})
 */
public record ExternalModel(String torchscript, Integer maxPositions, List<String> command, Integer timeoutSeconds) {
  public static final int DEFAULT_TIMEOUT_SECONDS = 60;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)}");
  private static final List<String> PLACEHOLDERS = List.of("language", "seed");

  /** Checks the entry as the preset file gives it, each problem at its place in the file. */
  void check(String name, JsonNode.Obj node) {
    if ((torchscript == null) == (command == null))
      throw new JsonError(node.at(), "external model \"" + name + "\" needs exactly one of \"torchscript\" (a file) and \"command\" (a process model)");
    if (torchscript != null && timeoutSeconds != null)
      throw new JsonError(at(node, "timeoutSeconds"), "\"timeoutSeconds\" is for a process model; \"" + name + "\" is a TorchScript file");
    if (command != null && maxPositions != null)
      throw new JsonError(at(node, "maxPositions"), "a process model states its own \"maxPositions\" in its handshake; remove it from \"" + name + "\"");
    if (command != null && (command.isEmpty() || command.get(0).isBlank()))
      throw new JsonError(at(node, "command"), "\"command\" of \"" + name + "\" is empty: give the program and its arguments, e.g. [\"python3\", \"serve.py\"]");
    if (maxPositions != null && maxPositions < 2)
      throw new JsonError(at(node, "maxPositions"), "\"maxPositions\" is at least 2 tokens (SOS and one more), not " + maxPositions);
    if (timeoutSeconds != null && timeoutSeconds < 1)
      throw new JsonError(at(node, "timeoutSeconds"), "\"timeoutSeconds\" is at least 1, not " + timeoutSeconds);
    List<String> patterns = torchscript != null ? List.of(torchscript) : command;
    for (String p : patterns) {
      Matcher m = PLACEHOLDER.matcher(p);
      while (m.find())
        if (!PLACEHOLDERS.contains(m.group(1)))
          throw new JsonError(at(node, torchscript != null ? "torchscript" : "command"),
              "\"" + p + "\" has the placeholder {" + m.group(1) + "}; the placeholders are {language} and {seed}");
    }
  }

  private static org.rulex.json.Location at(JsonNode.Obj o, String key) {
    JsonNode.Member m = o.members().get(key);
    return m == null ? o.at() : m.value().at();
  }

  /** The kind recorded in a result's origin. */
  public String kind() {
    return torchscript != null ? "torchscript" : "process";
  }

  static String fill(String pattern, String language, long seed) {
    return pattern.replace("{language}", language).replace("{seed}", Long.toString(seed));
  }

  /** An external model, open for one cell, and where it came from. Closing it stops the process or frees the file's model. */
  public record Opened(LanguageModel model, CellResult.Origin origin) implements AutoCloseable {
    @Override
    public void close() {
      if (model instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * Opens every external model of the preset once for each language and seed its path or command
   * names (then closes it), so that a missing file, a command that fails or a wrong vocabulary
   * stops the sweep before any cell runs, as a broken language does.
   */
  public static void checkAll(Preset preset, Languages languages) {
    if (preset.externalModels() == null) return;
    java.util.Set<String> opened = new java.util.HashSet<>();
    for (String name : preset.models()) {
      ExternalModel e = preset.external(name);
      if (e == null) continue;
      for (String l : preset.languages()) {
        Language lang = languages.get(l);
        Integer longest = preset.dataFor(l).maxWordLength();
        for (long seed : preset.seeds()) {
          List<String> filled = (e.torchscript != null ? List.of(e.torchscript) : e.command).stream().map(p -> fill(p, l, seed)).toList();
          if (opened.add(name + "\n" + l + "\n" + filled)) e.open(name, lang, seed, longest != null ? longest : lang.maxWordLength()).close();
        }
      }
    }
  }

  /**
   * Opens the model of one cell: loads the file or starts the command and reads its handshake,
   * then checks that it reads the longest input the cell's words make.
   *
   * @param longestWord the longest word of the cell's data, in symbols
   * @throws UserError naming the model when it cannot be opened or does not fit the language
   */
  public Opened open(String name, Language lang, long seed, int longestWord) {
    Opened opened;
    if (torchscript != null) {
      Path file = Path.of(fill(torchscript, lang.name(), seed));
      TorchScriptModel m;
      try {
        m = TorchScriptModel.load(file, lang.vocabulary(), maxPositions == null ? Integer.MAX_VALUE : maxPositions);
      } catch (UserError e) {
        throw new UserError("external model \"" + name + "\": " + e.getMessage(), e);
      }
      opened = new Opened(m, new CellResult.Origin(kind(), file.toString(), Sha256.of(file), null, null, null));
    } else {
      List<String> cmd = new ArrayList<>();
      for (String c : command) cmd.add(fill(c, lang.name(), seed));
      ProcessModel m;
      try {
        m = ProcessModel.start(cmd, lang.vocabulary(), Duration.ofSeconds(timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds));
      } catch (UserError e) {
        throw new UserError("external model \"" + name + "\" (" + lang.name() + "): " + e.getMessage(), e);
      }
      opened = new Opened(m, new CellResult.Origin(kind(), null, null, List.copyOf(cmd), ProcessModel.PROTOCOL, m.version()));
    }
    // The model reads SOS and the word; the final EOS is a target, never an input.
    int reads = SequenceLength.ofWord(longestWord) - 1;
    if (opened.model().positionCount() < reads) {
      opened.close();
      throw new UserError("external model \"" + name + "\" reads at most " + opened.model().positionCount() + " tokens, but " + lang.name()
          + "'s words have up to " + longestWord + " symbols here, " + reads + " tokens with SOS");
    }
    return opened;
  }
}
