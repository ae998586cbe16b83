package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rulex.UserError;
import org.rulex.grammar.Vocabulary;

/** The fixture tiny.pt was written by src/test/python/make_fixture.py with Debian's PyTorch 1.13. */
class TorchScriptModelTest {
  private static final Vocabulary AB = new Vocabulary(List.of("a", "b"));

  @TempDir Path tmp;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(TorchScriptModelTest.class.getResource("/torchscript/" + name).toURI());
  }

  @Test
  void logitsMatchThoseComputedByPyTorch() throws Exception {
    JsonObject expected = JsonParser.parseString(Files.readString(fixture("tiny-expected.json"))).getAsJsonObject();
    JsonArray ids = expected.getAsJsonArray("ids");
    JsonArray logits = expected.getAsJsonArray("logits");
    int b = ids.size(), t = ids.get(0).getAsJsonArray().size();
    long[] flat = new long[b * t];
    for (int i = 0; i < b; i++) for (int j = 0; j < t; j++) flat[i * t + j] = ids.get(i).getAsJsonArray().get(j).getAsLong();
    try (TorchScriptModel model = TorchScriptModel.load(fixture("tiny.pt"), AB); NDManager m = NDManager.newBaseManager()) {
      assertEquals(5, model.vocabularySize());
      NDArray out = model.logits(m.create(flat, new Shape(b, t)), false);
      assertEquals(new Shape(b, t, 5), out.getShape());
      float[] got = out.toFloatArray();
      int k = 0;
      for (int i = 0; i < b; i++)
        for (int j = 0; j < t; j++)
          for (int v = 0; v < 5; v++)
            assertEquals(
                logits.get(i).getAsJsonArray().get(j).getAsJsonArray().get(v).getAsFloat(), got[k++], 1e-5f, "[" + i + "," + j + "," + v + "]");

      // Decoding recomputes the prefix: step by step gives the same logits.
      try (DecodeState state = model.start(m, b)) {
        for (int j = 0; j < t; j++) {
          long[] column = new long[b];
          for (int i = 0; i < b; i++) column[i] = flat[i * t + j];
          NDArray next = state.step(m.create(column));
          assertTrue(next.sub(out.get(new NDIndex(":, {}, :", j))).abs().max().getFloat() <= 1e-5f);
        }
      }
    }
  }

  @Test
  void aVocabularyOfAnotherSizeIsRefused() throws Exception {
    UserError e = assertThrows(UserError.class, () -> TorchScriptModel.load(fixture("tiny.pt"), new Vocabulary(List.of("a", "b", "c"))));
    assertTrue(e.getMessage().contains("tiny.pt") && e.getMessage().contains("5 token ids"), e.getMessage());
  }

  @Test
  void missingOrDamagedFilesAreUserErrors() throws IOException, URISyntaxException {
    UserError missing = assertThrows(UserError.class, () -> TorchScriptModel.load(tmp.resolve("none.pt"), AB));
    assertTrue(missing.getMessage().contains("none.pt"));
    byte[] bytes = Files.readAllBytes(fixture("tiny.pt"));
    Path cut = tmp.resolve("cut.pt");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    UserError damaged = assertThrows(UserError.class, () -> TorchScriptModel.load(cut, AB));
    assertTrue(damaged.getMessage().contains("cut.pt"), damaged.getMessage());
  }
}
