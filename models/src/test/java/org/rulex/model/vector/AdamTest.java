package org.rulex.model.vector;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam with L2 decay against the update rule written out in doubles (torch.optim.Adam's). */
class AdamTest {

  @Test
  void followsTheAdamRuleWithDecayAddedToTheGradient() {
    double lr = 0.05, decay = 0.3;
    double[] target = {1.5, -2.0, 0.25};
    double[] w = {0.5, 0.5, -1.0};
    double[] m = new double[3], v = new double[3];
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray param = manager.create(new float[] {0.5f, 0.5f, -1.0f});
      param.setRequiresGradient(true);
      NDArray goal = manager.create(new float[] {1.5f, -2.0f, 0.25f});
      try (Adam adam = new Adam(List.of(param), lr, decay, manager)) {
        for (int step = 1; step <= 30; step++) {
          try (NDManager s = manager.newSubManager()) {
            NDArray g = goal.duplicate();
            g.attach(s);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
              NDArray diff = g.sub(param).neg(); // param - goal, made in s
              c.backward(diff.mul(diff).sum()); // gradient 2 (w - goal)
            }
            adam.update(s);
          }
          for (int i = 0; i < 3; i++) {
            double grad = 2 * (w[i] - target[i]) + decay * w[i];
            m[i] = 0.9 * m[i] + 0.1 * grad;
            v[i] = 0.999 * v[i] + 0.001 * grad * grad;
            double mHat = m[i] / (1 - Math.pow(0.9, step)), vHat = v[i] / (1 - Math.pow(0.999, step));
            w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
          }
          float[] got = param.toFloatArray();
          for (int i = 0; i < 3; i++) assertEquals(w[i], got[i], 1e-4, "step " + step + ", entry " + i);
        }
        assertEquals(30, adam.steps());
      }
    }
  }
}
