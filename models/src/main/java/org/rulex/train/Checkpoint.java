package org.rulex.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rulex.SafeName;
import org.rulex.Sha256;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;
import org.rulex.model.TrainableModel;

/**
 * A trained model on disk: a directory holding the parameters ({@value #PARAMETERS}, DJL's
 * Block.saveParameters format), the model card ({@value #CARD}) and, in a run's last/ checkpoint,
 * the optimizer state ({@value #OPTIMIZER}). Directories are replaced atomically.
 */
public final class Checkpoint {
  public static final String CARD = "model-card.json";
  public static final String PARAMETERS = "parameters.bin";
  public static final String OPTIMIZER = "optimizer.bin";

  /** Without special floating-point values: a card never holds NaN or Infinity (see {@link #readCard}). */
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private Checkpoint() {}

  /**
   * What the caller needs a checkpoint to match: the vocabulary, the language, and (unless null)
   * the grammar hash.
   */
  public record Expected(Vocabulary vocabulary, String language, String grammarHash) {}

  /** A model read from a checkpoint, with its card. */
  public record Loaded(TrainableModel model, ModelCard card) {}

  /**
   * Writes a checkpoint directory atomically; {@code optimizerState} may be null. Returns the card
   * as written (with the parameters' checksum).
   */
  static ModelCard write(Path dir, TrainableModel model, ModelCard card, byte[] optimizerState) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      model.saveParameters(out);
    }
    byte[] parameters = bytes.toByteArray();
    ModelCard written = card.withChecksum(Sha256.of(parameters));
    AtomicDirectory.replace(
        dir,
        tmp -> {
          Files.write(tmp.resolve(PARAMETERS), parameters);
          if (optimizerState != null) Files.write(tmp.resolve(OPTIMIZER), optimizerState);
          Files.writeString(tmp.resolve(CARD), GSON.toJson(written) + "\n", StandardCharsets.UTF_8);
        });
    return written;
  }

  /**
   * Reads and checks a checkpoint's model card.
   *
   * @throws UserError naming the file if it is missing or damaged
   */
  public static ModelCard readCard(Path dir) {
    Path file = AtomicDirectory.existing(dir).resolve(CARD);
    if (!Files.isRegularFile(file)) throw new UserError(file + ": not found; " + dir + " is not a rulex checkpoint");
    // Strict: a card is rulex's own record, so anything unexpected in it (NaN included: training
    // stops before it would write a non-finite loss) is damage, not a variant.
    ModelCard card;
    JsonNode tree;
    try {
      tree = StrictJson.parse(StrictJson.readText(file), file.toString());
      card = StrictJson.bind(tree, ModelCard.class, null);
    } catch (JsonError e) {
      throw new UserError(e.location() + ": damaged model card: " + e.reason(), e);
    }
    // The language is looked up by name in the grammars directory: a path here would read grammars elsewhere.
    if (card.language() != null && !SafeName.isValid(card.language()))
      throw new UserError(((JsonNode.Obj) tree).members().get("language").value().at() + ": damaged model card: \"language\" must be a language's name ("
          + SafeName.RULE + "), not \"" + card.language() + "\"");
    if (card.format() != ModelCard.FORMAT)
      throw new UserError(file + ": model card format " + card.format() + ", this rulex reads format " + ModelCard.FORMAT);
    List<String> missing = new ArrayList<>();
    if (card.model() == null) missing.add("model");
    if (card.vocabulary() == null) missing.add("vocabulary");
    if (card.language() == null) missing.add("language");
    if (card.validation() == null) missing.add("validation");
    if (card.training() == null) missing.add("training");
    if (card.parametersSha256() == null) missing.add("parametersSha256");
    if (!missing.isEmpty()) throw new UserError(file + ": damaged model card: no " + String.join(", ", missing));
    return card;
  }

  /**
   * Loads a checkpoint for use with a given language. The parameters are parsed by native code
   * that is not hardened against a crafted file: callers load checkpoints from trusted sources only,
   * and the commands that reach here say so in their --help.
   *
   * @throws UserError naming the file if the checkpoint is missing, damaged, or was trained on
   *     another vocabulary or language
   */
  public static Loaded load(Path dir, NDManager manager, Expected expected) {
    ModelCard card = readCard(dir);
    Path cardFile = AtomicDirectory.existing(dir).resolve(CARD);
    if (!card.vocabulary().equals(expected.vocabulary().symbols()))
      throw new UserError(
          cardFile + ": trained on the alphabet " + card.vocabulary() + ", not " + expected.vocabulary().symbols()
              + " (the alphabet of '" + expected.language() + "')");
    if (!card.language().equals(expected.language()))
      throw new UserError(cardFile + ": trained on language '" + card.language() + "', not '" + expected.language() + "'");
    if (expected.grammarHash() != null && !expected.grammarHash().equals(card.grammarHash()))
      throw new UserError(
          cardFile + ": trained on another version of '" + card.language() + "' (grammar hash " + card.grammarHash()
              + ", now " + expected.grammarHash() + ")");
    return new Loaded(loadParameters(dir, card, manager), card);
  }

  /** Builds the card's model and reads its parameters into {@code manager}. */
  static TrainableModel loadParameters(Path dir, ModelCard card, NDManager manager) {
    Path base = AtomicDirectory.existing(dir);
    ModelConfig config;
    try {
      config = card.modelConfig();
    } catch (UserError e) {
      throw new UserError(base.resolve(CARD) + ": " + e.getMessage(), e);
    }
    Path file = base.resolve(PARAMETERS);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read parameters: " + e.getMessage(), e);
    }
    if (!Sha256.of(bytes).equals(card.parametersSha256()))
      throw new UserError(file + ": damaged: its checksum differs from the one in " + CARD);
    TrainableModel model = ModelZoo.build(config, Vocabulary.FIRST_SYMBOL + card.vocabulary().size());
    List<Shape> shapes = new ArrayList<>();
    for (Pair<String, Parameter> p : model.getParameters()) shapes.add(p.getValue().getShape());
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      model.loadParameters(manager, in);
      if (in.read() != -1) throw new IOException("unexpected bytes after the last parameter");
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new UserError(file + ": damaged or not made for " + config + ": " + e.getMessage(), e);
    }
    int i = 0;
    for (Pair<String, Parameter> p : model.getParameters()) {
      Shape actual = p.getValue().getArray().getShape();
      if (!actual.equals(shapes.get(i++)))
        throw new UserError(file + ": parameter " + p.getKey() + " has shape " + actual + ", the model card's architecture needs " + shapes.get(i - 1));
    }
    return model;
  }

  /** The optimizer state saved in a run's last/ checkpoint, or null if there is none. */
  static byte[] readOptimizerState(Path dir) throws IOException {
    Path file = AtomicDirectory.existing(dir).resolve(OPTIMIZER);
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }
}
