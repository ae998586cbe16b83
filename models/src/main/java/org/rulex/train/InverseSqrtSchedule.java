package org.rulex.train;

import ai.djl.training.tracker.Tracker;

/**
 * The learning rate at optimiser step s (counting from 1): a linear warm-up to the peak over
 * {@code warmup} steps, then decay as peak * sqrt(warmup / s), so the two meet at s = warmup. With
 * no warm-up the rate is constant.
 */
public record InverseSqrtSchedule(float peak, int warmup) implements Tracker {

  @Override
  public float getNewValue(int step) {
    if (warmup == 0) return peak;
    int s = Math.max(step, 1);
    return (float) (peak * Math.min((double) s / warmup, Math.sqrt((double) warmup / s)));
  }
}
