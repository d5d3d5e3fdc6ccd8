package dev.janua.redis.internal;

import dev.janua.StoreUnavailableException;
import dev.janua.redis.RedisConnectionConfig;
import dev.janua.redis.RedisEndpoint;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The Lettuce client and its connections, hiding whether Redis is one server (possibly found
 * through Sentinel) or a Cluster. Byte keys and values throughout. Thread-safe.
 */
public abstract class RedisConnector implements AutoCloseable {
  private final String redactedUrl;

  RedisConnector(String redactedUrl) {
    this.redactedUrl = redactedUrl;
  }

  /**
   * Opens the client and its {@link RedisConnectionConfig#poolSize()} connections.
   *
   * @param uris the endpoint as Lettuce URIs: one for a server or a Sentinel group, the seed nodes
   *     of a Cluster
   * @throws StoreUnavailableException when Redis cannot be reached (the message carries the URL
   *     without its password)
   */
  public static RedisConnector open(RedisConnectionConfig config, List<RedisURI> uris) {
    return open(config, uris, null);
  }

  /**
   * Opens the client on {@code shared} resources (event loops and timers the application owns:
   * they are never shut down here), or on resources of its own when {@code null}.
   *
   * @see #open(RedisConnectionConfig, List)
   */
  public static RedisConnector open(RedisConnectionConfig config, List<RedisURI> uris,
      @Nullable ClientResources shared) {
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("uris must not be empty");
    }
    ClientResources resources = shared != null ? shared : DefaultClientResources.builder()
        .ioThreadPoolSize(Math.max(2, config.poolSize()))
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), config.reconnectMaxDelay(), 2,
            TimeUnit.MILLISECONDS))
        .build();
    @Nullable ClientResources owned = shared == null ? resources : null;
    String redacted = config.endpoint().redacted();
    try {
      if (config.endpoint().kind() == RedisEndpoint.Kind.CLUSTER) {
        return new ClusterConnector(config, uris, resources, owned, redacted);
      }
      return new StandaloneConnector(config, uris.get(0), resources, owned, redacted);
    } catch (RedisException e) {
      shutdown(owned);
      throw new StoreUnavailableException("Redis is unreachable at " + redacted + " ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (RuntimeException e) {
      shutdown(owned);
      throw e;
    }
  }

  /** Options common to both kinds: fail fast while disconnected, time commands out. */
  static <B extends ClientOptions.Builder> B configure(B builder, RedisConnectionConfig config) {
    builder.autoReconnect(true)
        // While disconnected, fail at once rather than queue: the limiter falls back locally and
        // the tiered cache counts a miss, instead of every request waiting for the timeout.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout())
            .keepAlive(true).build());
    return builder;
  }

  /** The URL without its password, for messages. */
  public String redactedUrl() {
    return redactedUrl;
  }

  /** Synchronous commands on the next connection (round-robin). */
  public abstract RedisClusterCommands<byte[], byte[]> sync();

  /** Asynchronous commands on the next connection (round-robin). */
  public abstract RedisClusterAsyncCommands<byte[], byte[]> async();

  /**
   * Deletes every key matching a glob pattern with SCAN and UNLINK in batches, on every master
   * of a Cluster.
   *
   * @return how many keys were removed
   */
  public abstract long scanAndUnlink(byte[] pattern, int batchSize);

  /** Opens a new pub/sub connection (Lettuce resubscribes its channels after a reconnect). */
  public abstract StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub();

  /** Whether Lettuce currently holds an open connection. */
  public abstract boolean isConnected();

  /** Closes every connection, the client and its threads. */
  @Override
  public abstract void close();

  /** Whether there are connections and every one is open. */
  static boolean allOpen(java.util.List<? extends io.lettuce.core.api.StatefulConnection<?, ?>> connections) {
    for (io.lettuce.core.api.StatefulConnection<?, ?> c : connections) {
      if (!c.isOpen()) {
        return false;
      }
    }
    return !connections.isEmpty();
  }

  /**
   * Closes the connections, then the client and, when it owns them ({@code owned} not null), its
   * resources, each within two seconds.
   */
  static void closeAll(java.util.List<? extends io.lettuce.core.api.StatefulConnection<?, ?>> connections,
      io.lettuce.core.AbstractRedisClient client, @Nullable ClientResources owned) {
    for (io.lettuce.core.api.StatefulConnection<?, ?> c : connections) {
      c.close();
    }
    client.shutdown(0, 2, TimeUnit.SECONDS);
    shutdown(owned);
  }

  /**
   * Stops the I/O and computation threads, waiting for them (at most three seconds), so that no
   * Lettuce thread outlives the engine that closed it.
   */
  static void shutdown(@Nullable ClientResources resources) {
    if (resources == null) {
      return;
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
  }
}
