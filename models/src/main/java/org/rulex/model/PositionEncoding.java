package org.rulex.model;

import com.google.gson.annotations.SerializedName;

/**
 * How a transformer learns where a token is: by its index in the sequence (0 for SOS), through a
 * trained table or the fixed sin/cos encoding of "Attention Is All You Need" added to the input,
 * or by rotating each head's queries and keys by angles proportional to the index (rotary, Su et
 * al. 2021), so that attention scores depend on the offset between two tokens only.
 */
public enum PositionEncoding {
  @SerializedName("learned")
  LEARNED,
  @SerializedName("sinusoidal")
  SINUSOIDAL,
  @SerializedName("rotary")
  ROTARY
}
