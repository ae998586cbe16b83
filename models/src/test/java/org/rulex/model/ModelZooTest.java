package org.rulex.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rulex.UserError;

class ModelZooTest {

  @Test
  void everyArchitectureHasANameAndDefaults() {
    assertEquals(List.of("transformer", "lstm", "linear-attention", "mamba", "xlstm", "linear", "uniform", "stop-at-once"), ModelZoo.names());
    for (String name : ModelZoo.names()) assertEquals(name, ModelZoo.defaults(name).architecture());
  }

  @Test
  void configurationsSurviveAJsonRoundTrip() {
    for (ModelConfig config : java.util.stream.Stream.concat(TinyModels.all().stream(), TinyModels.factored().stream()).toList()) {
      String json = ModelZoo.toJson(config).toString();
      assertTrue(json.startsWith("{\"architecture\":\"" + config.architecture() + "\""), json);
      assertEquals(config, ModelZoo.fromJson(json));
    }
    assertTrue(ModelZoo.toJson(TinyModels.all().get(1)).toString().contains("\"positions\":\"sinusoidal\""));
  }

  @Test
  void fieldsLeftOutTakeTheDefaults() {
    ModelConfig c = ModelZoo.fromJson("{\"architecture\": \"transformer\", \"dModel\": 32, \"positions\": \"sinusoidal\"}");
    assertEquals(
        new Transformer.Config(2, 32, 4, 256, 0.1, PositionEncoding.SINUSOIDAL, 512), c);
    assertEquals(Lstm.Config.DEFAULTS, ModelZoo.fromJson("{\"architecture\": \"lstm\"}"));
    // The published sizes are the defaults of the two state-space / recurrent newcomers.
    assertEquals(new Mamba.Config(10, 32, 16, 8, 2), ModelZoo.fromJson("{\"architecture\": \"mamba\"}"));
    assertEquals(new Xlstm.Config(6, 64, 4, java.util.List.of(1), 4, 1.3), ModelZoo.fromJson("{\"architecture\": \"xlstm\"}"));
  }

  @Test
  void mistakesInConfigurationsAreUserErrorsThatSayWhat() {
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"gpt\"}")).getMessage().contains("transformer"));
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"dModel\": 3}")).getMessage().contains("architecture"));
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"lstm\", \"dModel\": 3}"))
        .getMessage().contains("dModel"));
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"transformer\", \"dModel\": 30}"))
        .getMessage().contains("divisible"));
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"linear\", \"window\": 0}"))
        .getMessage().contains("window"));
    assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"transformer\", \"dropout\": 1.5}"));
    assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"transformer\", \"heads\": \"many\"}"));
    assertThrows(UserError.class, () -> ModelZoo.fromJson("[1, 2]"));
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"mamba\", \"dState\": 0}"))
        .getMessage().contains("dState"));
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"xlstm\", \"sLstmAt\": [6]}"))
        .getMessage().contains("sLstmAt"));
    assertTrue(assertThrows(UserError.class, () -> ModelZoo.fromJson("{\"architecture\": \"xlstm\", \"heads\": 3}"))
        .getMessage().contains("divisible"));
  }
}
