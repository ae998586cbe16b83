package org.rulex.model;

import ai.djl.ndarray.NDManager;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A base for tests that build models: each test gets a fresh manager, closed after it so that no
 * test's arrays outlive it, and the tiny configurations of every architecture, plain and factored.
 */
public abstract class ManagedTest {
  protected NDManager manager;

  @BeforeEach
  final void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  final void closeManager() {
    manager.close();
  }

  /**
   * The configurations every contract runs on, built from the zoo's own list of architectures
   * ({@link ModelZoo#names()}, each through {@link TinyModels#of}), then the factored-input ones.
   */
  public static Stream<ModelConfig> configs() {
    return Stream.concat(ModelZoo.names().stream().flatMap(a -> TinyModels.of(a).stream()), TinyModels.factored().stream());
  }
}
