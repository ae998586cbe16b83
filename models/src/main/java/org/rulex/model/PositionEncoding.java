package org.rulex.model;

import com.google.gson.annotations.SerializedName;

/**
 * How a transformer learns where a token is: by its index in the sequence (0 for SOS), through a
 * trained table or the fixed sin/cos encoding of "Attention Is All You Need".
 */
public enum PositionEncoding {
  @SerializedName("learned")
  LEARNED,
  @SerializedName("sinusoidal")
  SINUSOIDAL
}
