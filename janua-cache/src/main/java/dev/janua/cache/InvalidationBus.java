package dev.janua.cache;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Carries cache invalidations between instances so each drops its in-process (L1) copy:
 * janua-redis implements it over Redis pub/sub. A message names exact keys and key prefixes; an
 * instance ignores the messages it published itself.
 */
public interface InvalidationBus extends AutoCloseable {

  /** A bus that carries nothing: for a single instance. */
  static InvalidationBus noop() {
    return NoopInvalidationBus.INSTANCE;
  }

  /**
   * Tells the other instances to drop these keys and every key starting with these prefixes.
   * Failures are the implementation's to log; publishing never throws.
   */
  void publish(Collection<String> keys, Collection<String> prefixes);

  /** Registers the listener called for every message from another instance. */
  void subscribe(Consumer<Invalidation> listener);

  /**
   * Stops calling a listener registered by {@link #subscribe} ({@link TieredCache#close()} calls
   * it). The default does nothing: a closed cache ignores the messages it still receives, and the
   * listener is released with the bus.
   */
  default void unsubscribe(Consumer<Invalidation> listener) {}

  @Override
  default void close() {}

  /**
   * One message on the bus.
   *
   * @param keys     exact keys to drop
   * @param prefixes key prefixes to drop
   */
  record Invalidation(Collection<String> keys, Collection<String> prefixes) {}
}

/** The bus of a single instance. */
final class NoopInvalidationBus implements InvalidationBus {
  static final NoopInvalidationBus INSTANCE = new NoopInvalidationBus();

  @Override
  public void publish(Collection<String> keys, Collection<String> prefixes) {}

  @Override
  public void subscribe(Consumer<Invalidation> listener) {}
}
