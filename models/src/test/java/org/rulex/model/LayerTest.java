package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTest {

  /**
   * DJL's mul(Number) frees its scalar operand before the backward pass reads it; scale() must not.
   * Direct buffers are churned and collected between the forward and the backward pass, which is
   * when freed memory gets reused.
   */
  @Test
  void scaleAndSiluKeepTheirGradientsThroughGarbageCollection() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] v = {-2f, 0f, 0.5f, 3f};
      float[] expected = new float[4];
      for (int i = 0; i < 4; i++) {
        double s = 1 / (1 + Math.exp(-v[i]));
        expected[i] = (float) (0.25 + s * (1 + v[i] * (1 - s))); // d/dx of 0.25 x + x sigmoid(x)
      }
      for (int round = 0; round < 20; round++) {
        NDArray x = m.create(v); // a fresh leaf: gradients accumulate on a reused one
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector(); NDManager step = m.newSubManager()) {
          NDArray y = Layer.scale(x, 0.25).add(Layer.silu(x)).sum();
          List<ByteBuffer> churn = new ArrayList<>();
          for (int i = 0; i < 200; i++) churn.add(ByteBuffer.allocateDirect(4096).putFloat(0, 1e30f));
          churn.clear();
          System.gc();
          gc.backward(y);
        }
        assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-5f, "round " + round);
      }
    }
  }
}
