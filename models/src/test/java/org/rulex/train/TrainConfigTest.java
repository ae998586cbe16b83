package org.rulex.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rulex.UserError;

class TrainConfigTest {

  @Test
  void fieldsLeftOutKeepTheDefaults() {
    TrainConfig c = TrainConfig.fromJson("{\"steps\": 10, \"learningRate\": 0.002}");
    assertEquals(10, c.steps());
    assertEquals(0.002, c.learningRate());
    assertEquals(TrainConfig.DEFAULTS.batchSize(), c.batchSize());
    assertEquals(TrainConfig.DEFAULTS.seed(), c.seed());
  }

  @Test
  void survivesAJsonRoundTrip() {
    TrainConfig c = new TrainConfig(5, 3, 1e-4, 0.1, 7, 0.5, 2, 4, 99, 30);
    assertEquals(c, TrainConfig.fromJson(c.toJson()));
  }

  @Test
  void mistakesAreUserErrorsThatSayWhat() {
    assertTrue(assertThrows(UserError.class, () -> TrainConfig.fromJson("{\"epochs\": 3}")).getMessage().contains("epochs"));
    assertTrue(assertThrows(UserError.class, () -> TrainConfig.fromJson("{\"batchSize\": 0}")).getMessage().contains("batchSize"));
    assertTrue(assertThrows(UserError.class, () -> TrainConfig.fromJson("{\"learningRate\": -1}")).getMessage().contains("learningRate"));
    assertThrows(UserError.class, () -> TrainConfig.fromJson("{\"steps\": \"many\"}"));
    assertThrows(UserError.class, () -> TrainConfig.fromJson("not json"));
  }
}
