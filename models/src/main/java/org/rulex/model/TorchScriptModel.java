package org.rulex.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;

/**
 * A model trained elsewhere and saved with torch.jit.save, scored like any rulex model. Contract:
 * {@code forward(ids: int64 [B, T]) -> float logits [B, T, V]} (a tuple output is accepted, its
 * first element taken), causal, with the causal mask and positions built inside, and token ids
 * exactly rulex's (PAD 0, SOS 1, EOS 2, then the alphabet in order). Decoding recomputes the whole
 * prefix at each step: a scripted module exposes no cache.
 */
public final class TorchScriptModel extends InferenceOnlyModel implements AutoCloseable {
  private final Model model;
  private final Block block;
  private final Path file;

  private TorchScriptModel(Model model, int vocabularySize, int maxPositions, Path file) {
    super(vocabularySize, maxPositions);
    this.model = model;
    this.block = model.getBlock();
    this.file = file;
  }

  /** Loads a TorchScript file that accepts inputs of any length. */
  public static TorchScriptModel load(Path file, Vocabulary vocabulary) {
    return load(file, vocabulary, Integer.MAX_VALUE);
  }

  /**
   * Loads a TorchScript file for a vocabulary. The file is a program that libtorch runs: load files
   * from trusted sources only (the eval and bench --help and docs/models.md say so).
   *
   * @throws UserError naming the file if it is missing, not TorchScript, or predicts over a
   *     vocabulary of another size
   */
  public static TorchScriptModel load(Path file, Vocabulary vocabulary, int maxPositions) {
    if (maxPositions < 2) throw new UserError("a TorchScript model's maximum length must be at least 2 tokens, not " + maxPositions);
    if (!Files.isRegularFile(file)) throw new UserError(file + ": no such TorchScript file");
    Model model = Model.newInstance("torchscript", Device.cpu(), "PyTorch");
    try {
      model.load(file);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new UserError(file + ": cannot load as TorchScript (torch.jit.save): " + e.getMessage(), e);
    }
    TorchScriptModel loaded = new TorchScriptModel(model, vocabulary.size(), maxPositions, file);
    int width;
    try (NDManager probe = model.getNDManager().newSubManager()) {
      NDArray out = loaded.run(probe.create(new long[] {Vocabulary.SOS, Vocabulary.FIRST_SYMBOL}, new Shape(1, 2)));
      Shape s = out.getShape();
      if (s.dimension() != 3 || s.get(0) != 1 || s.get(1) != 2)
        throw new UserError(file + ": maps ids [1, 2] to " + s + ", not to logits [1, 2, V]");
      width = Math.toIntExact(s.get(2));
    } catch (UserError e) {
      model.close();
      throw e;
    } catch (RuntimeException e) {
      model.close();
      throw new UserError(file + ": forward(ids int64 [B, T]) failed: " + e.getMessage(), e);
    }
    if (width != vocabulary.size()) {
      model.close();
      throw new UserError(
          file + ": predicts over " + width + " token ids, the vocabulary has " + vocabulary.size() + " (PAD, SOS, EOS and "
              + vocabulary.symbols() + ")");
    }
    return loaded;
  }

  private NDArray run(NDArray ids) {
    NDList out;
    try {
      out = block.forward(new ParameterStore(ids.getManager(), false), new NDList(ids), false);
    } catch (ai.djl.engine.EngineException e) {
      // A user's model failing on an input (often: longer than its position table) is a user error.
      String first = String.valueOf(e.getMessage()).lines().filter(l -> l.contains("Error") || l.contains("error")).findFirst().orElse("");
      throw new UserError(file + ": forward failed on ids " + ids.getShape() + (first.isEmpty() ? "" : ": " + first.trim())
          + " (if the model has a maximum length, pass it with --max-length)", e);
    }
    for (int i = 1; i < out.size(); i++) out.get(i).close();
    return out.get(0).toType(DataType.FLOAT32, false);
  }

  @Override
  public NDArray logits(NDArray ids, boolean training) {
    checkInference(ids, training, "TorchScript models");
    return run(ids);
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    return new RecomputeState(this, manager, batch);
  }

  @Override
  public void close() {
    model.close();
  }
}
