package org.rulex.train;

import java.nio.file.Path;

/**
 * The outcome of a training run.
 *
 * @param best the checkpoint with the lowest validation loss (runDir/best)
 * @param last the checkpoint of the last step, for resuming (runDir/last)
 * @param bestCard model card of best
 * @param lastCard model card of last
 * @param stoppedEarly whether early stopping ended the run before its step budget
 */
public record TrainResult(Path best, Path last, ModelCard bestCard, ModelCard lastCard, boolean stoppedEarly) {}
