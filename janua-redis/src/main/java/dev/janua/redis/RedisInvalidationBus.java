package dev.janua.redis;

import dev.janua.cache.InvalidationBus;
import dev.janua.redis.internal.InvalidationMessage;
import dev.janua.redis.internal.KeyCodec;
import dev.janua.redis.internal.RedisConnector;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache invalidations between instances over Redis pub/sub, on the channel
 * {@code <prefix>invalidation}. Each message names its sender's instance id (a random UUID per
 * bus), the exact keys and the key prefixes (see the internal {@code InvalidationMessage} format);
 * a bus ignores its own messages. Subscribing happens when the bus is created, on a dedicated
 * pub/sub connection that Lettuce re-subscribes by itself after a reconnect. Listeners run on one
 * background thread, in message order, never on the Netty I/O thread; a listener that throws is
 * logged and the next one still runs. Publishing is asynchronous and never throws: a failure is
 * logged (an instance that misses a message keeps a stale L1 entry at most for its TTL).
 */
public final class RedisInvalidationBus implements InvalidationBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationBus.class);

  private final RedisConnector connector;
  private final byte[] channel;
  private final String instanceId = UUID.randomUUID().toString();
  private final StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService dispatcher;

  RedisInvalidationBus(RedisConnector connector, String keyPrefix) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.channel = KeyCodec.utf8(Objects.requireNonNull(keyPrefix, "keyPrefix") + "invalidation");
    this.dispatcher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "janua-redis-invalidation");
      t.setDaemon(true);
      return t;
    });
    this.pubSub = connector.connectPubSub();
    pubSub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(byte[] ch, byte[] message) {
        if (Arrays.equals(ch, channel)) {
          dispatcher.execute(() -> deliver(message));
        }
      }
    });
    try {
      pubSub.sync().subscribe(channel);
    } catch (RuntimeException e) {
      pubSub.close();
      dispatcher.shutdown();
      throw e;
    }
  }

  private void deliver(byte[] payload) {
    InvalidationMessage m;
    try {
      m = InvalidationMessage.decode(payload);
    } catch (RuntimeException e) {
      LOG.warn("Dropped a malformed invalidation message: {}", e.getMessage());
      return;
    }
    if (m.sender().equals(instanceId)) {
      return;
    }
    Invalidation inv = new Invalidation(m.keys(), m.prefixes());
    for (Consumer<Invalidation> l : listeners) {
      try {
        l.accept(inv);
      } catch (RuntimeException e) {
        LOG.warn("An invalidation listener failed", e);
      }
    }
  }

  /** This bus's instance id, carried by every message it publishes. */
  public String instanceId() {
    return instanceId;
  }

  /** The channel name, e.g. {@code janua:invalidation}. */
  public String channel() {
    return new String(channel, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void publish(Collection<String> keys, Collection<String> prefixes) {
    if ((keys == null || keys.isEmpty()) && (prefixes == null || prefixes.isEmpty())) {
      return;
    }
    byte[] payload;
    try {
      payload = InvalidationMessage.of(instanceId, keys, prefixes).encode();
      connector.async().publish(channel, payload).whenComplete((n, e) -> {
        if (e != null) {
          LOG.warn("Publishing a cache invalidation failed ({}); other instances keep their L1 "
              + "copy until it expires", e.getClass().getSimpleName());
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("Publishing a cache invalidation failed ({}); other instances keep their L1 copy "
          + "until it expires", e.getClass().getSimpleName());
    }
  }

  @Override
  public void subscribe(Consumer<Invalidation> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Whether anything subscribed (a cache that uses this bus). */
  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /** Whether the pub/sub connection is currently open. */
  public boolean connected() {
    return pubSub.isOpen();
  }

  /**
   * Unsubscribes and closes the pub/sub connection, and stops the listener thread once the
   * messages already received are delivered (waiting at most two seconds); the shared connections
   * stay open.
   */
  @Override
  public void close() {
    try {
      pubSub.close();
    } finally {
      dispatcher.shutdown();
      try {
        if (!dispatcher.awaitTermination(2, TimeUnit.SECONDS)) {
          dispatcher.shutdownNow();
        }
      } catch (InterruptedException e) {
        dispatcher.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
