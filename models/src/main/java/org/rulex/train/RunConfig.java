package org.rulex.train;

import java.nio.file.Path;
import org.rulex.json.JsonError;
import org.rulex.json.JsonNode;
import org.rulex.json.StrictJson;
import org.rulex.model.ModelConfig;
import org.rulex.model.ModelZoo;

/**
 * A run configuration file, {"model": {...}, "training": {...}}, both optional, read strictly:
 * an unknown key, a wrong type or a truncated file is an error at file:line:col. Missing parts
 * are null, for the caller's defaults.
 *
 * @param seedGiven whether "training" names its own seed (otherwise the command line's applies)
 */
public record RunConfig(ModelConfig model, TrainConfig training, boolean seedGiven) {
  /** The empty configuration: everything from defaults. */
  public static final RunConfig NONE = new RunConfig(null, null, false);

  /** Reads a run configuration; null gives {@link #NONE}. */
  public static RunConfig read(Path file) {
    if (file == null) return NONE;
    JsonNode.Obj root = StrictJson.read(file).asObject(file + ": a run configuration");
    for (JsonNode.Member m : root.members().values())
      if (!m.key().equals("model") && !m.key().equals("training"))
        throw new JsonError(m.keyAt(), "unknown key \"" + m.key() + "\" (a run configuration has \"model\" and \"training\")");
    JsonNode.Member model = root.members().get("model");
    JsonNode.Member training = root.members().get("training");
    return new RunConfig(model == null ? null : ModelZoo.fromJson(model.value()), training == null ? null : TrainConfig.fromJson(training.value()),
        training != null && training.value() instanceof JsonNode.Obj o && o.members().containsKey("seed"));
  }
}
