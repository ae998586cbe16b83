package org.rulex.train;

/** Observes a training run: hooks for progress displays, logging and tests. */
public interface TrainListener {

  /** After each optimiser step; {@code loss} is the batch's mean loss per real token. */
  default void stepped(int step, double loss) {}

  /** After each validation check (and the checkpoints it wrote). */
  default void validated(ValidationEvent event) {}
}
