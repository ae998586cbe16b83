package org.rulex.train;

/**
 * One validation check: the mean validation loss per real token after {@code step} optimiser
 * steps, and the mean training loss over the steps since the previous check (null when no step
 * ran in between, e.g. the untrainable baselines, or in cards written before it was recorded).
 */
public record ValidationPoint(int step, double valLoss, Double trainLoss) {}
