package org.rulex.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.rulex.model.TrainableModel;

/**
 * One optimiser step: forward pass, cross-entropy over real targets (or, with padInLoss, over every
 * position), backward pass, clipping of the global gradient norm, AdamW (or Adam) update. Every array of a step lives in a sub-manager that is
 * closed when the step ends, so memory stays flat however long the run.
 *
 * <p>Public for training loops other than {@link Trainer}'s (the suites): a target of PAD is no
 * target, so a {@link Batch} built by hand chooses which positions carry loss. A learning rate with
 * warmupSteps 0 is constant.
 */
public final class TrainStep implements AutoCloseable {
  private final TrainableModel model;
  private final List<Parameter> parameters = new ArrayList<>();
  private final AdamW optimizer;
  private final double clipNorm;
  private final boolean padInLoss;
  private final NDManager manager;
  private double lastGradientNorm = Double.NaN;

  public TrainStep(TrainableModel model, TrainConfig config, NDManager manager) {
    this.model = model;
    this.manager = manager;
    this.clipNorm = config.clipNorm();
    this.padInLoss = config.padTargetsInLoss();
    for (Pair<String, Parameter> p : model.getParameters()) {
      parameters.add(p.getValue());
      p.getValue().getArray().setRequiresGradient(true); // loaded parameters do not have it yet
    }
    TrainConfig.Optimizer rule = config.optimizerOrDefault();
    float decay = rule == TrainConfig.Optimizer.ADAM ? 0f : (float) config.weightDecay();
    optimizer = new AdamW(parameters, new InverseSqrtSchedule((float) config.learningRate(), config.warmupSteps()), decay,
        rule == TrainConfig.Optimizer.TORCH_ADAMW, manager);
  }

  AdamW optimizer() {
    return optimizer;
  }

  /** The global gradient norm of the last step, before clipping (NaN when not clipping). */
  public double lastGradientNorm() {
    return lastGradientNorm;
  }

  /** Runs one step on a batch and returns its mean loss per real target token (per position with padInLoss). */
  public double run(Batch batch) {
    try (NDManager step = manager.newSubManager()) {
      NDArray inputs = batch.inputs(step);
      NDArray targets = batch.targets(step);
      NDArray loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        loss = padInLoss ? TeacherForcedLoss.sumOverAll(model.logits(inputs, true), targets).div(batch.paddedTokens())
            : TeacherForcedLoss.sum(model.logits(inputs, true), targets).div(batch.realTokens());
        model.backward(collector, loss);
      }
      NDArray[] grads = new NDArray[parameters.size()];
      for (int i = 0; i < grads.length; i++) {
        grads[i] = parameters.get(i).getArray().getGradient(); // a new handle, made in the model's manager
        grads[i].attach(step);
      }
      float scale = 1f;
      if (clipNorm > 0) {
        NDList norms = new NDList(grads.length);
        for (NDArray g : grads) norms.add(g.norm());
        lastGradientNorm = NDArrays.stack(norms).norm().getFloat();
        if (lastGradientNorm > clipNorm) scale = (float) (clipNorm / (lastGradientNorm + 1e-6));
      }
      optimizer.update(grads, scale);
      return loss.getFloat();
    }
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
