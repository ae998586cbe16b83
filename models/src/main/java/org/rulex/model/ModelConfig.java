package org.rulex.model;

/**
 * An architecture's name and sizes, written to and read from JSON (see {@link ModelZoo}): enough
 * to rebuild the model before loading its parameters. Each architecture nests its own record.
 */
public interface ModelConfig {

  /** The name the zoo knows the architecture by: transformer, lstm, linear-attention, linear, uniform. */
  String architecture();

  /** The model's positions: the longest input it accepts, in tokens (SOS included); {@link Integer#MAX_VALUE} if unlimited. */
  default int maxPositions() {
    return Integer.MAX_VALUE;
  }

  /**
   * An upper estimate of the number of weights, the vocabulary's rows left out (an alphabet is a
   * few symbols): what {@link ModelZoo} bounds by {@link ModelZoo#MAX_PARAMETERS} before anything
   * is allocated. A double, so that absurd sizes do not overflow.
   */
  default double parameterEstimate() {
    return 0;
  }
}
