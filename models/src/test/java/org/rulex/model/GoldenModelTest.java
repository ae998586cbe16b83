package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mamba and xLSTM against an independent PyTorch implementation (models/src/test/python/
 * make_golden.py, Debian's python3-torch, in double precision): the same weights and ids give the
 * same logits, through the full forward pass and through incremental decoding.
 */
class GoldenModelTest {

  private static JsonObject fixture(String name) throws IOException {
    try (InputStream in = GoldenModelTest.class.getResourceAsStream("/golden/" + name + ".json")) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }

  private static float[] floats(JsonArray values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = values.get(i).getAsFloat();
    return out;
  }

  private static long[] shape(JsonArray dims) {
    long[] out = new long[dims.size()];
    for (int i = 0; i < out.length; i++) out[i] = dims.get(i).getAsLong();
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mamba", "xlstm"})
  void logitsMatchTheIndependentPyTorchReference(String name) throws IOException {
    JsonObject f = fixture(name);
    ModelConfig config = ModelZoo.fromJson(f.getAsJsonObject("config"));
    assertEquals(name, config.architecture());
    JsonObject parameters = f.getAsJsonObject("parameters");
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainableModel model = ModelZoo.create(config, f.get("vocabularySize").getAsInt(), manager, 1);
      Set<String> loaded = new HashSet<>();
      for (Pair<String, Parameter> p : model.getParameters()) {
        JsonObject value = parameters.getAsJsonObject(p.getKey());
        assertTrue(value != null, name + ": the fixture has no parameter " + p.getKey());
        NDArray array = p.getValue().getArray();
        assertEquals(new Shape(shape(value.getAsJsonArray("shape"))), array.getShape(), p.getKey());
        array.set(floats(value.getAsJsonArray("values")));
        loaded.add(p.getKey());
      }
      assertEquals(parameters.keySet(), loaded, name + ": parameters of the fixture that the model lacks");

      JsonArray rows = f.getAsJsonArray("ids");
      int b = rows.size(), t = rows.get(0).getAsJsonArray().size();
      long[] ids = new long[b * t];
      for (int r = 0; r < b; r++) for (int c = 0; c < t; c++) ids[r * t + c] = rows.get(r).getAsJsonArray().get(c).getAsLong();
      JsonObject logits = f.getAsJsonObject("logits");
      NDArray expected = manager.create(floats(logits.getAsJsonArray("values")), new Shape(shape(logits.getAsJsonArray("shape"))));

      NDArray full = model.logits(manager.create(ids, new Shape(b, t)), false); // [B, T, V]
      float diff = full.sub(expected).abs().max().getFloat();
      assertTrue(diff < 1e-4, name + ": logits differ from PyTorch's by " + diff);

      try (DecodeState state = model.start(manager, b)) {
        for (int pos = 0; pos < t; pos++) {
          long[] column = new long[b];
          for (int r = 0; r < b; r++) column[r] = ids[r * t + pos];
          NDArray step = state.step(manager.create(column)); // [B, V]
          float stepDiff = step.sub(expected.get(":, " + pos + ", :")).abs().max().getFloat();
          assertTrue(stepDiff < 1e-4, name + ": decoding step " + pos + " differs from PyTorch's by " + stepDiff);
        }
      }
    }
  }
}
