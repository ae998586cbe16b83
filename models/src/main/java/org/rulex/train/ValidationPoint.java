package org.rulex.train;

/** One validation check: the mean validation loss per real token after {@code step} optimiser steps. */
public record ValidationPoint(int step, double valLoss) {}
