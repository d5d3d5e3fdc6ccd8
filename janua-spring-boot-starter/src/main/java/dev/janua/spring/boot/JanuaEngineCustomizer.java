package dev.janua.spring.boot;

import dev.janua.AuthEngineBuilder;

/**
 * A bean that adjusts the engine's builder after the starter configured it (its config and
 * plugins) and before {@code build()}: install another plugin, set a clock, a key ring. Applied
 * in {@code @Order}.
 */
@FunctionalInterface
public interface JanuaEngineCustomizer {
  /** Adjusts the builder. */
  void customize(AuthEngineBuilder builder);
}
