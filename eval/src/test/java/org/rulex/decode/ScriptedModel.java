package org.rulex.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.rulex.grammar.Vocabulary;
import org.rulex.model.DecodeState;
import org.rulex.model.InferenceOnlyModel;

/**
 * A model for tests whose next-token logits are a plain Java function of the prefix fed so far
 * (SOS included): what it "believes" is known exactly, so decoders and metrics can be checked
 * against it.
 */
public final class ScriptedModel extends InferenceOnlyModel {
  private final Function<List<Long>, float[]> next;

  public ScriptedModel(int vocabularySize, int maxPositions, Function<List<Long>, float[]> next) {
    super(vocabularySize, maxPositions);
    this.next = next;
  }

  /** Logits that make one id (all but) certain: 40 nats above every other generatable id. */
  public static float[] certain(int vocabularySize, int id) {
    float[] l = new float[vocabularySize];
    l[Vocabulary.PAD] = -1e9f;
    l[Vocabulary.SOS] = -1e9f;
    l[id] = 40f;
    return l;
  }

  @Override
  public NDArray logits(NDArray ids, boolean training) {
    long[] flat = ids.toLongArray();
    int b = (int) ids.getShape().get(0);
    int t = (int) ids.getShape().get(1);
    float[] out = new float[b * t * vocabularySize];
    for (int r = 0; r < b; r++) {
      List<Long> prefix = new ArrayList<>();
      for (int k = 0; k < t; k++) {
        prefix.add(flat[r * t + k]);
        System.arraycopy(next.apply(prefix), 0, out, (r * t + k) * vocabularySize, vocabularySize);
      }
    }
    return ids.getManager().create(out, new Shape(b, t, vocabularySize));
  }

  @Override
  public DecodeState start(NDManager manager, int batch) {
    List<List<Long>> prefixes = new ArrayList<>();
    for (int r = 0; r < batch; r++) prefixes.add(new ArrayList<>());
    return new DecodeState() {
      @Override
      public NDArray step(NDArray lastTokens) {
        long[] ids = lastTokens.toLongArray();
        float[] out = new float[batch * vocabularySize];
        for (int r = 0; r < batch; r++) {
          prefixes.get(r).add(ids[r]);
          System.arraycopy(next.apply(prefixes.get(r)), 0, out, r * vocabularySize, vocabularySize);
        }
        return lastTokens.getManager().create(out, new Shape(batch, vocabularySize));
      }

      @Override
      public int length() {
        return prefixes.get(0).size();
      }

      @Override
      public void close() {}
    };
  }
}
