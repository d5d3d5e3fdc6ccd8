package dev.janua.spi;

import dev.janua.JanuaConfig;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a {@link JanuaPlugin} can contribute to the engine being built, and what it can see of the
 * other plugins. Valid only during {@code AuthEngineBuilder.build()}.
 */
public interface PluginContext {

  /** The engine's configuration. */
  JanuaConfig config();

  /** The engine's clock. */
  Clock clock();

  /**
   * Sets the store of record (at most one plugin does).
   *
   * @throws IllegalStateException when a store was set already
   */
  void store(Store store);

  /**
   * Wraps the store of record (for example in a cache). Decorators run after every plugin is
   * installed, in install order, so a decorator can use what later plugins provide.
   */
  void decorateStore(UnaryOperator<Store> decorator);

  /** Keeps rate-limit counters here instead of in process (at most one plugin does). */
  void rateLimitStore(RateLimitStore store);

  /** Records the engine's metrics (at most one plugin does). */
  void metrics(MetricsRecorder metrics);

  /**
   * Delivers the engine's notifications through this notifier (at most one plugin does; one set
   * on the builder wins).
   *
   * @throws IllegalStateException when a notifier was set already
   */
  void notifier(Notifier notifier);

  /** Adds a readiness check to {@code AuthEngine.ready()}. */
  void healthCheck(HealthCheck check);

  /**
   * Keeps signing keys in the store of record, shared by every instance on it, unless the host set
   * a key ring or a PEM key.
   */
  void persistentKeys();

  /** Makes a component available to other plugins under its type. */
  <T> void provide(Class<T> type, T component);

  /** The first component provided under this type, if any. */
  default <T> Optional<T> find(Class<T> type) {
    return findAll(type).stream().findFirst();
  }

  /** Every component provided under this type so far, in the order provided. */
  <T> List<T> findAll(Class<T> type);

  /**
   * Runs after every plugin is installed and the store is decorated, before the engine starts;
   * in registration order.
   */
  void whenAssembled(Runnable step);

  /**
   * Hands a resource to the engine, which closes it on {@code AuthEngine.close()} (in reverse order
   * of hand-over) or when {@code build()} fails.
   *
   * @return the resource
   */
  <C extends AutoCloseable> C closeOnShutdown(C resource);
}
