package org.rulex.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import org.rulex.UserError;

/**
 * The input vectors of token ids, [B, T] -> [B, T, D]. Plain: one trained row per id. Factored
 * (factors F1, F2, ...): the last F1 x F2 x ... ids of the vocabulary are composite stimuli, id =
 * offset + f1 F2 + f2 (mixed radix, first factor most significant), whose vector is the sum E1[f1]
 * + E2[f2] + ... of one table per feature, so that one position carries every feature on an equal
 * footing; the ids before the offset (PAD, SOS, EOS, labels, separators) keep plain rows.
 *
 * <p>The plain case declares exactly the one parameter "tokens" [V, D] the models always had, so
 * existing configurations and checkpoints load unchanged.
 */
final class InputEmbedding {
  private final Parameter tokens; // plain rows: [V, D], or [offset, D] when factored
  private final Parameter[] features; // factored only: table k is [F_k, D]
  private final int[] factors;
  private final int offset;

  /**
   * Declares the tables as parameters of {@code owner}, which must not have declared other
   * parameters yet if its checkpoints are to keep their layout.
   *
   * @param factors null for a plain table, else the feature sizes (see {@link #check})
   * @param std standard deviation of the tables' initial weights; null for the models' usual 0.02
   */
  InputEmbedding(Layer owner, List<Integer> factors, Double std, int vocabularySize, int width) {
    if (factors == null) {
      this.factors = new int[0];
      this.offset = vocabularySize;
    } else {
      this.factors = factors.stream().mapToInt(Integer::intValue).toArray();
      long composite = 1;
      for (int f : this.factors) composite *= f;
      // PAD, SOS and EOS are never composite: a stimulus is a symbol.
      if (composite > vocabularySize - 3)
        throw new UserError("factored input: factors " + factors + " make " + composite
            + " composite ids, more than the " + (vocabularySize - 3) + " symbols of the vocabulary");
      this.offset = (int) (vocabularySize - composite);
    }
    Initializer init = std == null ? Layer.SMALL_NORMAL : new NormalInitializer(std.floatValue());
    tokens = owner.parameter("tokens", Parameter.Type.WEIGHT, init, offset, width);
    features = new Parameter[this.factors.length];
    for (int k = 0; k < features.length; k++)
      features[k] = owner.parameter("feature" + k, Parameter.Type.WEIGHT, init, this.factors[k], width);
  }

  /** Rejects factor lists a user may write that make no composite ids: null (plain) passes. */
  static List<Integer> check(String architecture, List<Integer> factors) {
    if (factors == null) return null;
    if (factors.size() < 2)
      throw new UserError(architecture + ": factors must list at least two feature sizes (or be left out), not " + factors);
    long composite = 1;
    for (int f : factors) {
      if (f < 1) throw new UserError(architecture + ": every factor must be at least 1, not " + factors);
      composite *= f;
      if (composite > Integer.MAX_VALUE) throw new UserError(architecture + ": factors " + factors + " make too many ids");
    }
    return List.copyOf(factors);
  }

  /** Rejects an initial scale that is not a positive number: null (the usual 0.02) passes. */
  static Double checkStd(String architecture, Double std) {
    if (std != null && !(std > 0 && std < Double.POSITIVE_INFINITY))
      throw new UserError(architecture + ": inputStd must be a positive number (or be left out for 0.02), not " + std);
    return std;
  }

  /** The first composite id: the vocabulary size when plain. */
  int offset() {
    return offset;
  }

  /** ids int64 [...] -> [..., D], in the ids' manager. */
  NDArray apply(NDArray ids) {
    if (features.length == 0) return Layer.lookup(ids, tokens);
    NDManager m = ids.getManager();
    Shape shape = ids.getShape();
    long[] raw = ids.toLongArray();
    // Each position reads a plain row and one row per feature; a mask keeps whichever applies. The
    // index of the part that does not apply is 0, a valid row whose contribution is multiplied away.
    long[] plain = new long[raw.length];
    long[][] digits = new long[features.length][raw.length];
    float[] isComposite = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      long id = raw[i];
      if (id < offset) {
        plain[i] = id;
        continue;
      }
      isComposite[i] = 1;
      long rest = id - offset;
      for (int k = features.length - 1; k >= 0; k--) {
        digits[k][i] = rest % factors[k];
        rest /= factors[k];
      }
    }
    Shape column = new Shape(concat(shape.getShape(), 1)); // [..., 1]: broadcasts over D
    NDArray composite = m.create(isComposite, column);
    NDArray sum = Layer.lookup(m.create(digits[0], shape), features[0]);
    for (int k = 1; k < features.length; k++) sum = sum.add(Layer.lookup(m.create(digits[k], shape), features[k]));
    NDArray rows = Layer.lookup(m.create(plain, shape), tokens);
    return rows.add(sum.sub(rows).mul(composite)); // plain + composite (sum - plain)
  }

  private static long[] concat(long[] dims, long last) {
    long[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
    out[dims.length] = last;
    return out;
  }
}
