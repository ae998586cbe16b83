package org.rulex.train;

/**
 * One validation check during training.
 *
 * @param step optimiser steps done
 * @param steps steps the run is set to take
 * @param trainLoss mean training loss over the steps since the previous check
 * @param valLoss mean validation loss per real token
 * @param improved whether this is a new best (and was saved as best/)
 * @param bestStep step of the best validation loss so far
 * @param bestValLoss the best validation loss so far
 */
public record ValidationEvent(
    int step, int steps, double trainLoss, double valLoss, boolean improved, int bestStep, double bestValLoss) {}
