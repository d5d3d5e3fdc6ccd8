package dev.janua.cache;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Carries cache invalidations between instances so each drops its in-process (L1) copy:
 * janua-redis implements it over Redis pub/sub. A message names exact keys and key prefixes; an
 * instance ignores the messages it published itself.
 *
 * <p>A bus that can tell when it lost messages reports it through {@link #subscribeState}: on
 * {@link State#GAP} a cache drops its whole in-process tier (and every load in flight), on {@link
 * State#LOST} it also stops answering sensitive reads (sessions, users, permissions) from any
 * cache tier until {@link State#HEALTHY} comes back. {@link #healthy()} says whether the bus
 * currently carries every message. The defaults describe a bus that never loses a message (the
 * no-op bus of a single instance).
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

  /**
   * Whether the bus currently carries every message: {@code false} while it is lost (its
   * connection is down or it missed messages and has not recovered). Default: always {@code true}.
   */
  default boolean healthy() {
    return true;
  }

  /**
   * Registers a listener of the bus's state changes (see {@link State}), called on the bus's own
   * thread before the bus goes on. The default does nothing: such a bus never loses a message.
   */
  default void subscribeState(Consumer<State> listener) {}

  /** Stops calling a listener registered by {@link #subscribeState}. */
  default void unsubscribeState(Consumer<State> listener) {}

  @Override
  default void close() {}

  /** What a bus tells its caches about itself. */
  enum State {
    /**
     * Messages were lost (a sequence gap) but the bus carries messages again: drop the whole
     * in-process tier, and keep nothing loaded before now.
     */
    GAP,
    /**
     * The bus is lost: drop the whole in-process tier and read sensitive data from the store of
     * record, bypassing every cache tier, until {@link #HEALTHY}.
     */
    LOST,
    /** The bus is back after {@link #LOST}: drop the in-process tier once more, then cache again. */
    HEALTHY
  }

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
